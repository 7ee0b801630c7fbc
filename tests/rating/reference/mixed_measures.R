## Reference values for issue 22, item 3: a risk-ratio trial and a risk-difference trial that both
## record 2x2 counts are pooled on one measure, the risk ratio (the tie goes to the first of OR, RR,
## RD, SMD, MD). metafor: escalc(measure = "RR", ai, n1i, ci, n2i) gives each trial's log risk
## ratio and its variance from the counts; rma(yi, vi, method = "REML") pools them (Wald z CI,
## test = "z", the foundations rule set's default).
## Run: Rscript tests/rating/reference/mixed_measures.R > tests/rating/reference/mixed_measures.json
suppressMessages(library(metafor))
dat <- data.frame(study = c("rr-trial", "rd-trial"), ai = c(30, 40), n1i = c(100, 120), ci = c(20, 25), n2i = c(100, 118))
es <- escalc(measure = "RR", ai = ai, n1i = n1i, ci = ci, n2i = n2i, data = dat)
fit <- rma(yi, vi, data = es, method = "REML", test = "z")
num <- function(x) formatC(x, digits = 17, format = "g")
cat(sprintf('{"metafor": "%s", "call": "rma(escalc(measure = \\"RR\\"), method = \\"REML\\", test = \\"z\\")",\n', packageVersion("metafor")))
cat(sprintf(' "yi": [%s, %s], "vi": [%s, %s],\n', num(es$yi[1]), num(es$yi[2]), num(es$vi[1]), num(es$vi[2])))
cat(sprintf(' "estimate": %s, "se": %s, "ci_low": %s, "ci_high": %s, "tau2": %s}\n',
            num(fit$beta[1]), num(fit$se), num(fit$ci.lb), num(fit$ci.ub), num(fit$tau2)))
