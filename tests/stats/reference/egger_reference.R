## Reference values for Egger's regression test (tests/stats/test_publication_bias.py).
##
## Run from the repository root:  Rscript tests/stats/reference/egger_reference.R
## It writes tests/stats/reference/egger_reference.json (committed; CI has no R).
## Needs r-base-core and r-cran-metafor (3.8-1 here); the JSON is written by hand below
## (17 significant digits), so no JSON package is needed.
##
## Per data set: res <- regtest(rma(yi, vi, method = "FE"), model = "lm", predictor = "sei"),
## classical Egger: lm(yi ~ sei, weights = 1/vi) with the residual variance estimated
## (metafor R/regtest.rma.r); recorded are res$zval (the t statistic of the sei
## coefficient), res$dfs (k - 2), res$pval (two-sided) and res$est (the intercept,
## the limit estimate as sei -> 0).
##
## Data: dat.bcg (escalc "RR" and "OR": 13 trials); the made-up effects of the fixture
## tests/rating/certainty/fixtures/small-study-asymmetry (12 SMDs with their SEs, as in its
## study records); and generated sets (set.seed below) with and without small-study
## effects, k from 3 to 40.

suppressPackageStartupMessages(library(metafor))
set.seed(20261202)

egger <- function(name, yi, vi) {
  res <- regtest(rma(yi, vi, method = "FE"), model = "lm", predictor = "sei")
  list(name = name, yi = as.numeric(yi), vi = as.numeric(vi),
       t = unname(res$zval), df = unname(res$dfs), p = unname(res$pval), limit = unname(res$est))
}

sets <- list()
bcg_rr <- escalc(measure = "RR", ai = tpos, bi = tneg, ci = cpos, di = cneg, data = dat.bcg)
bcg_or <- escalc(measure = "OR", ai = tpos, bi = tneg, ci = cpos, di = cneg, data = dat.bcg)
sets[[length(sets) + 1]] <- egger("dat.bcg log RR", bcg_rr$yi, bcg_rr$vi)
sets[[length(sets) + 1]] <- egger("dat.bcg log OR", bcg_or$yi, bcg_or$vi)

fixture_yi <- c(0.05, 0.10, 0.08, 0.15, 0.22, 0.30, 0.28, 0.40, 0.45, 0.52, 0.60, 0.75)
fixture_se <- c(0.05, 0.06, 0.07, 0.09, 0.11, 0.13, 0.15, 0.18, 0.20, 0.23, 0.26, 0.30)
sets[[length(sets) + 1]] <- egger("fixture small-study-asymmetry", fixture_yi, fixture_se^2)

for (k in c(3, 4, 5, 10, 12, 20, 40)) {
  for (bias in c(0, 2)) {
    sei <- runif(k, 0.05, 0.5)
    yi <- rnorm(k, 0.2 + bias * sei, sei)
    sets[[length(sets) + 1]] <- egger(sprintf("generated k=%d small-study slope %g", k, bias), yi, sei^2)
  }
}
## a large-scale and a tiny-scale copy (the test is scale-free up to the t statistic)
sets[[length(sets) + 1]] <- egger("fixture x 1e6", fixture_yi * 1e6, (fixture_se * 1e6)^2)
sets[[length(sets) + 1]] <- egger("fixture x 1e-6", fixture_yi * 1e-6, (fixture_se * 1e-6)^2)

num <- function(x) sprintf("%.17g", x)
vec <- function(x) paste0("[", paste(num(x), collapse = ", "), "]")
one <- function(s) sprintf('    {"name": "%s", "t": %s, "df": %d, "p": %s, "limit": %s,\n     "yi": %s,\n     "vi": %s}',
                           s$name, num(s$t), as.integer(s$df), num(s$p), num(s$limit), vec(s$yi), vec(s$vi))
json <- paste0('{\n  "metafor": "', as.character(packageVersion("metafor")), '",\n',
               '  "call": "regtest(rma(yi, vi, method = \\"FE\\"), model = \\"lm\\", predictor = \\"sei\\")",\n',
               '  "sets": [\n', paste(vapply(sets, one, ""), collapse = ",\n"), '\n  ]\n}')
writeLines(json, "tests/stats/reference/egger_reference.json")
