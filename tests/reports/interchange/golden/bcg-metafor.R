## The meta-analyses of kinship-evidence, re-run in R's metafor (Viechtbauer, 2010).
## Written by `kinship-evidence export metafor`: rule set foundations-kinship-2024, REML, Wald z CI.
##
## Run it in this folder:  Rscript metafor.R
## (or, from R:  source("path/to/this/folder/metafor.R", chdir = TRUE)).
##
## Each CSV is one outcome domain of one recommendation, as the toolkit pooled it: a row per
## study with yi and vi on the analysis scale and in the pooled direction, and the columns
## escalc() takes where escalc() of them gives that yi (a note says why a row has none).
## The toolkit's estimator and CI method, in metafor's words:
method <- "REML"  # tau^2 estimator (kinship-evidence: reml)
test <- "z"  # CI of the pooled effect (kinship-evidence: wald)

library(metafor)

## What the toolkit computed (to 15 significant digits; the CSVs hold yi and vi exactly).
toolkit <- data.frame(
  file = c("bcg-vaccination_tuberculosis.csv"),
  measure = c("RR"),
  estimate = c(-0.84301322559322),
  ci.lb = c(-1.26486973470499),
  ci.ub = c(-0.421156716481446),
  tau2 = c(0.29273102424113),
  stringsAsFactors = FALSE
)

## metafor's default stopping rules are looser than the toolkit's (REML and the other iterative
## estimators stop when tau^2 moves by less than 1e-5; Paule-Mandel's root is found to 1.2e-4,
## absolute): these tolerances, relative to the data's scale, make the two agree to 1e-6 and better.
fit_pool <- function(file) {
  dat <- read.csv(file, stringsAsFactors = FALSE)
  scale <- median(dat$vi)
  rma(yi, vi, data = dat, method = method, test = test, slab = study,
      control = list(threshold = 1e-13 * scale, tol = 1e-14 * scale, maxiter = 10000))
}

fits <- lapply(toolkit$file, fit_pool)
names(fits) <- toolkit$file

results <- data.frame(
  file = toolkit$file,
  measure = toolkit$measure,
  k = vapply(fits, function(fit) fit$k, numeric(1)),
  estimate = vapply(fits, function(fit) as.numeric(coef(fit)), numeric(1)),
  ci.lb = vapply(fits, function(fit) fit$ci.lb, numeric(1)),
  ci.ub = vapply(fits, function(fit) fit$ci.ub, numeric(1)),
  tau2 = vapply(fits, function(fit) fit$tau2, numeric(1)),
  I2 = vapply(fits, function(fit) fit$I2, numeric(1)),
  row.names = NULL,
  stringsAsFactors = FALSE
)

for (file in names(fits)) {
  cat("\n==", file, "(", toolkit$measure[toolkit$file == file], ", analysis scale )\n")
  print(fits[[file]])
}

columns <- c("estimate", "ci.lb", "ci.ub", "tau2")
largest <- apply(abs(as.matrix(results[columns]) - as.matrix(toolkit[columns])), 1, max)
cat("\nmetafor against kinship-evidence: the largest difference of estimate, CI and tau^2 per pool\n")
print(data.frame(file = results$file, k = results$k, largest.difference = largest))
