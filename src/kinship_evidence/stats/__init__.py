"""Pure numbers: effect sizes and random-effects meta-analysis. No project models.

* :mod:`~kinship_evidence.stats.effects`: effect sizes and their variances (metafor ``escalc``);
* :mod:`~kinship_evidence.stats.meta_analysis`: ``pool()``, random-effects meta-analysis (metafor ``rma.uni``);
* :mod:`~kinship_evidence.stats.methods`: the method choices as one value, ``PoolingMethods``, and the
  allowed values (``ESTIMATORS``, ``CI_METHODS``, ``PREDICTION_METHODS``);
* :mod:`~kinship_evidence.stats.distributions`: t and chi-square quantiles and tail probabilities;
* :mod:`~kinship_evidence.stats.errors`: ``StatsError``, the one error family raised here.
"""
