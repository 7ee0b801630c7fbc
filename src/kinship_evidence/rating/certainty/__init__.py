"""GRADE certainty of the evidence per outcome domain, computed by stated rules and reviewable.

* ``rules``: the rule set's parameters (``certainty:`` in ``rule_sets/*.yaml``), each rule in words;
* ``body``: the body of evidence of a domain (every study of the rule set's designs) and its analysis;
* ``bias``: risk of bias weighted by each study's share of the information (as CINeMA);
* ``domains``: inconsistency, indirectness and publication bias;
* ``imprecision``: the CI against the null or a MID, and the optimal information size;
* ``absolute``: anticipated absolute effects per 1,000, or the continuous effect in words;
* ``assess``: the five judgements, recorded ones in their place, the upgrade and the level;
* ``results``: the result values carried on each domain rating.

Pure functions; nothing here reads files or prints. Import the modules themselves (this
package imports none of them, so ``rating.frameworks`` can import ``rules``).
"""
