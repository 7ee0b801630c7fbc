"""Pure numbers: effect sizes and random-effects meta-analysis. No project models."""
