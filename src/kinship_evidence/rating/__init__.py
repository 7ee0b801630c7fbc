"""Rule sets as data and the engine that applies them.

Frameworks (``frameworks``, ``rule_sets/*.yaml``, ``countries``), eligibility, each study's
evidence per domain (``evidence``), synthesis (``synthesis``), tiers (``tiers``), the engine
(``engine``) and the result types reports read (``results``).
"""
