## Reference values for tests/stats from R's metafor package (Viechtbauer, 2010).
##
## Run from the repository root:  Rscript tests/stats/reference/metafor_reference.R
## It writes tests/stats/reference/metafor_reference.json and distributions.json,
## which are committed (CI has no R). Needs r-base-core, r-cran-metafor and
## r-cran-jsonlite (Debian packages).
##
## What is computed, per data set and per estimator (REML, DL, PM):
##   rma.uni(yi, vi, method=M, test=T) for T in "z" (Wald), "knha" (HKSJ) and
##   "adhoc" (HKSJ with s2w truncated below at 1; metafor 3.8 has test="adhoc":
##   `if (test == "adhoc") s2w[s2w < 1] <- 1`), giving coef(res), res$se,
##   res$ci.lb, res$ci.ub, res$tau2, res$QE, res$QEp, res$I2, res$H2,
##   weights(res), and res$fit.stats["ll", "REML"], the restricted
##   log-likelihood at res$tau2 (= logLik(res) for REML fits; for DL and PM
##   logLik(res) would give the ML column instead);
##   confint(res)$random["tau^2", ] for the Q-profile CI of tau^2 (metafor's
##   default type for rma.uni), with control=list(tol=, tau2.max=) so that the
##   root is found to ~1e-12 relative and the search range is wide enough
##   (the default tau2.max, max(100, 10 tau2), and tol, eps^0.25 absolute,
##   are neither scale-free nor tight);
##   prediction intervals mu -/+ crit * sqrt(se^2 + tau^2), all but one from
##   predict() itself (metafor 3.8-1 has pi.type = "default", "simple", "riley"
##   and "t"; see metafor:::predict.rma): after test="z", "z" is predict(res),
##   "t-k1" predict(res, pi.type="t") (k-1 df) and "t-k2" predict(res,
##   pi.type="riley") (k-2 df: ddf - parms + p); after test="knha"/"adhoc",
##   "t-k1" is predict(res) (k-1 df, the HK se) and "t-k2" the Higgins,
##   Thompson & Spiegelhalter (2009) interval as they define it, with the
##   model-based se: predict() of the test="z" fit with pi.type="riley"
##   (metafor's riley after "knha" would use the HK se instead). Only "z" after
##   "knha"/"adhoc" (qnorm with the HK se) is by hand, from coef(res), res$se
##   and res$tau2. Not computed (null) for k < 3.
##
## Convergence and the GLOBAL REML optimum. metafor's REML is Fisher scoring
## from one start with an absolute threshold (default 1e-5), so on a bimodal
## restricted likelihood it may stop at a local maximum, and on tiny scales it
## stops early. Here, for every REML fit:
##   1. control=list(threshold = 1e-13 * u2, maxiter = 10000) where u2 =
##      median(vi), i.e. a tolerance relative to the data's scale;
##   2. rma is run from several starts, tau2.init = 0 (tiny), DL, HE
##      (Hedges), and every local maximum found on the grid of step 3, with
##      stepadj = 1 and 0.5; the fit with the highest logLik(res) is kept
##      (for test="knha"/"adhoc", which do not change tau^2, from the test="z"
##      fit's tau^2 only, and held to the same checks);
##   3. an independent check: the restricted log-likelihood (written out below,
##      the same as metafor's logLik for REML with REMLf=TRUE) is evaluated on a
##      dense log-spaced grid of 4000 tau^2 values plus 0; every grid local
##      maximum is refined by optimize(); the script stops unless the kept rma
##      fit's logLik is >= the best of these (to 1e-9) and its tau^2 equals
##      that optimum (to 1e-6 relative). The number of local maxima is recorded.
## The warnings rma prints while this runs ("Fisher scoring algorithm may have
## gotten stuck at a local maximum. Setting tau^2 = 0.") come from starts that
## ended at the boundary; they are expected, and the best fit is kept.
## DL needs no iteration; PM (uniroot inside rma, whose tolerance is
## control$tol, default eps^0.25 absolute) gets tol = 1e-14 * u2 and a wide
## tau2.max.
##
## Data: dat.bcg (escalc measure "RR" and "OR"), hand-made hard cases (the
## bimodal 0.2, 0.2, -5 with SE 0.0316, 0.0316, 1; a mean difference in
## currency units), and generated sets (set.seed below): k from 2 to 30,
## homogeneous (tau^2 = 0 boundary), moderate and large heterogeneity,
## bimodal constructions, and rescaled copies (x 1e-6, 1e-7, 1e6).

suppressPackageStartupMessages({library(metafor); library(jsonlite)})
options(warn = 1)
set.seed(20261201)

reml_ll <- function(tau2, yi, vi) {
  k <- length(yi); w <- 1 / (vi + tau2); mu <- sum(w * yi) / sum(w)
  -0.5 * (k - 1) * log(2 * pi) + 0.5 * log(k) - 0.5 * sum(log(vi + tau2)) -
    0.5 * log(sum(w)) - 0.5 * sum(w * (yi - mu)^2)
}

he_tau2 <- function(yi, vi) max(0, sum((yi - mean(yi))^2) / (length(yi) - 1) - mean(vi))

tau2_upper <- function(yi, vi) 1e5 * (diff(range(yi))^2 + max(vi)) * length(yi)

## Step 3: grid + optimize(); returns list(tau2, ll, n_max, maxima)
grid_optimum <- function(yi, vi) {
  u2 <- median(vi); top <- tau2_upper(yi, vi)
  grid <- c(0, exp(seq(log(u2 * 1e-8), log(top), length.out = 4000)))
  ll <- sapply(grid, reml_ll, yi = yi, vi = vi)
  n <- length(grid); cand <- list()
  if (ll[1] >= ll[2]) cand[[length(cand) + 1]] <- c(0, ll[1])
  for (i in 2:(n - 1)) if (ll[i] >= ll[i - 1] && ll[i] > ll[i + 1]) {
    o <- optimize(reml_ll, c(grid[i - 1], grid[i + 1]), yi = yi, vi = vi, maximum = TRUE,
                  tol = 1e-14 * max(grid[i], u2))
    cand[[length(cand) + 1]] <- c(o$maximum, o$objective)
  }
  m <- do.call(rbind, cand)
  best <- m[which.max(m[, 2]), ]
  list(tau2 = best[1], ll = best[2], n_max = nrow(m), maxima = m[, 1])
}

## strict = FALSE (the hard sets of issue 20): a failed check is recorded in the set's
## "metafor_checks", not fatal; these sets are also computed to 40 digits by mpmath_reference.py.
checks <- character(0)
check <- function(ok, message, strict) {
  if (ok) return(invisible(TRUE))
  if (strict) stop(message)
  checks <<- unique(c(checks, message))
}

## REML: g is grid_optimum(yi, vi), computed once per set; from = NULL runs every start (the
## test="z" fit), else only from the tau^2 of that fit (the tests do not change tau^2).
fit_one <- function(yi, vi, method, test, strict = TRUE, g = NULL, from = NULL) {
  u2 <- median(vi); thr <- 1e-13 * u2; top <- tau2_upper(yi, vi)
  ctrl <- list(threshold = thr, tol = 1e-14 * u2, maxiter = 10000, tau2.max = top)
  if (method != "REML") {
    return(list(res = rma.uni(yi, vi, method = method, test = test, control = ctrl),
                call = sprintf("rma.uni(yi, vi, method='%s', test='%s', control=list(threshold=%.3g, tol=%.3g, maxiter=10000, tau2.max=%.3g))",
                               method, test, thr, 1e-14 * u2, top), n_max = NA))
  }
  starts <- if (is.null(from)) unique(c(1e-8 * u2, rma.uni(yi, vi, method = "DL")$tau2, he_tau2(yi, vi), g$maxima)) else max(from, 1e-8 * u2)
  best <- NULL; lls <- c()
  for (s in starts) for (adj in c(1, 0.5)) {
    r <- tryCatch(rma.uni(yi, vi, method = "REML", test = test,
                          control = c(ctrl, list(tau2.init = s, stepadj = adj))),
                  error = function(e) NULL)
    if (is.null(r)) next
    l <- as.numeric(logLik(r)); lls <- c(lls, l)
    if (is.null(best) || l > as.numeric(logLik(best))) best <- r
  }
  if (is.null(best) && !is.null(from)) return(fit_one(yi, vi, method, test, strict, g, NULL))
  if (is.null(best)) {
    check(FALSE, "no REML fit converged; rma.uni(..., tau2 = <grid optimum>) used for the fields given tau^2", strict)
    best <- rma.uni(yi, vi, method = "REML", test = test, tau2 = g$tau2, control = ctrl)
  }
  lb <- as.numeric(logLik(best))
  check(lb >= g$ll - 1e-9, sprintf("rma REML logLik %.12g below grid optimum %.12g", lb, g$ll), strict)
  check(abs(best$tau2 - g$tau2) <= 1e-6 * max(g$tau2, u2), sprintf("rma tau2 %.12g vs grid %.12g", best$tau2, g$tau2), strict)
  check(abs(reml_ll(best$tau2, yi, vi) - lb) <= 1e-8, "restricted log-likelihood formula disagrees with logLik()", strict)
  list(res = best, n_max = g$n_max,
       call = if (is.null(from)) sprintf("rma.uni(yi, vi, method='REML', test='%s', control=list(threshold=%.3g, maxiter=10000, tau2.init=<start>, stepadj=<1 or 0.5>)), best logLik over %d starts",
                      test, thr, length(starts)) else
         sprintf("rma.uni(yi, vi, method='REML', test='%s', control=list(threshold=%.3g, maxiter=10000, tau2.init=<the test='z' fit's tau2>))", test, thr))
}

qprofile <- function(res, yi, vi, strict = TRUE) {
  u2 <- median(vi); top <- tau2_upper(yi, vi)
  ci <- tryCatch(confint(res, control = list(tol = 1e-14 * u2, tau2.max = top, maxiter = 10000))$random["tau^2", ],
                 error = function(e) if (strict) stop(e) else c(ci.lb = NA, ci.ub = NA))
  ## independent check: solve the generalized Q equation directly
  qf <- function(t2) { w <- 1 / (vi + t2); mu <- sum(w * yi) / sum(w); sum(w * (yi - mu)^2) }
  k <- length(yi)
  chk <- function(target) {
    if (qf(0) < target) return(0)
    uniroot(function(t) qf(t) - target, c(0, top), tol = 1e-14 * u2, maxiter = 10000)$root
  }
  lo <- chk(qchisq(0.975, k - 1)); hi <- chk(qchisq(0.025, k - 1))
  check(isTRUE(abs(lo - ci[["ci.lb"]]) <= 1e-8 * max(u2, lo) && abs(hi - ci[["ci.ub"]]) <= 1e-8 * max(u2, hi)),
        "Q-profile check disagrees with confint()", strict)
  c(ci[["ci.lb"]], ci[["ci.ub"]])
}

pi_by_hand <- function(mu, se, tau2, crit) c(mu - crit * sqrt(se^2 + tau2), mu + crit * sqrt(se^2 + tau2))

make_set <- function(name, kind, yi, vi, scale = 1, strict = TRUE) {
  k <- length(yi); fits <- list(); nmax <- NA; checks <<- character(0)
  g <- grid_optimum(yi, vi)
  for (m in c("REML", "DL", "PM")) tryCatch({
    est <- list(); tests <- list(); from <- NULL
    for (t in c("z", "knha", "adhoc")) {
      f <- fit_one(yi, vi, m, t, strict, g, from); res <- f$res
      if (m == "REML" && t == "z") from <- res$tau2
      if (m == "REML") nmax <- f$n_max
      mu <- as.numeric(coef(res)); se <- res$se; tau2 <- res$tau2
      pis <- list(z = NULL, `t-k1` = NULL, `t-k2` = NULL)
      if (t == "z") res_z <- res
      if (k >= 3) {
        pr <- function(r, type) { p <- predict(r, pi.type = type); c(p$pi.lb, p$pi.ub) }
        riley <- pr(res_z, "riley")
        if (t == "z") {
          pis <- list(z = pr(res, "default"), `t-k1` = pr(res, "t"), `t-k2` = riley)
        } else {
          pis <- list(z = pi_by_hand(mu, se, tau2, qnorm(0.975)), `t-k1` = pr(res, "default"), `t-k2` = riley)
        }
      }
      name_t <- c(z = "wald", knha = "hksj", adhoc = "hksj-adhoc")[[t]]
      tests[[name_t]] <- list(estimate = mu, se = se, ci = c(res$ci.lb, res$ci.ub), pi = pis,
                              call = f$call,
                              pi_source = if (t == "z") "z: predict(res); t-k1: predict(res, pi.type='t'); t-k2: predict(res, pi.type='riley')" else
                                "t-k1: predict(res); t-k2: predict(<the test='z' fit>, pi.type='riley'); z: by hand, qnorm(0.975) with res$se")
      if (t == "z") {
        ci_t <- if (k >= 2) qprofile(res, yi, vi, strict) else c(NA, NA)
        est <- list(tau2 = tau2, tau2_ci = ci_t, q = res$QE, q_p = res$QEp, i2 = res$I2 / 100,
                    h2 = res$H2, weights = as.numeric(weights(res)) / 100,
                    loglik = res$fit.stats["ll", "REML"])
      }
    }
    est$tests <- tests
    fits[[tolower(m)]] <- est
  }, error = function(e) {
    if (strict) stop(e)
    check(FALSE, sprintf("metafor %s failed: %s", m, conditionMessage(e)), strict)
  })
  list(name = name, kind = kind, k = k, scale = scale, yi = yi, vi = vi,
       reml_local_maxima = nmax, metafor_checks = as.list(checks), fits = fits)
}

sets <- list()
add <- function(...) sets[[length(sets) + 1]] <<- make_set(...)

## dat.bcg
for (measure in c("RR", "OR")) {
  d <- escalc(measure = measure, ai = tpos, bi = tneg, ci = cpos, di = cneg, data = dat.bcg)
  add(paste0("dat.bcg log ", measure), "published", as.numeric(d$yi), as.numeric(d$vi))
}
## hand-made hard cases and their rescaled copies
bim_y <- c(0.2, 0.2, -5); bim_v <- c(0.0316, 0.0316, 1)^2
usd_y <- c(4378, 3822, 1413); usd_v <- c(1343, 1004, 698)^2
for (s in c(1, 1e-6, 1e-7, 1e6)) {
  add(sprintf("bimodal 0.2, 0.2, -5 x %g", s), "bimodal", bim_y * s, bim_v * s^2, s)
}
for (s in c(1, 1e-6, 1e-6 / 1000, 1e6 / 1000)) {
  add(sprintf("currency mean difference x %g", s), "huge-scale", usd_y * s, usd_v * s^2, s * 1000)
}
add("identical estimates", "boundary", c(0.2, 0.2, 0.2), c(0.1, 0.2, 0.3))
add("two studies", "k2", c(0.5, 0.3), c(0.01, 0.01))
add("two studies unequal", "k2", c(0.1, 0.9), c(0.01, 0.09))
add("oscillating fisher scoring", "hard", c(0, 0, 0, 0, 2), c(3, 3, 3, 3, 0.125))

## generated sets
gen <- function(kind) {
  k <- sample(2:30, 1)
  if (kind == "boundary") {
    vi <- runif(k, 0.01, 0.3); yi <- 0.3 + rnorm(k, 0, sqrt(vi) * 0.4)
  } else if (kind == "bimodal") {
    m <- sample(2:6, 1); o <- sample(1:3, 1); k <- m + o
    vi <- c(runif(m, 0.0005, 0.003), runif(o, 0.5, 2))
    yi <- c(0.2 + rnorm(m, 0, 0.01), -runif(o, 3, 6))
  } else {
    tau2 <- sample(c(0.005, 0.05, 0.3, 2), 1)
    vi <- exp(rnorm(k, log(0.05), sample(c(0.2, 1, 2), 1)))
    yi <- rnorm(k, rnorm(1, 0, 1), sqrt(vi + tau2))
  }
  list(yi = yi, vi = vi)
}
kinds <- c(rep("boundary", 50), rep("bimodal", 50), rep("random", 120))
for (i in seq_along(kinds)) {
  g <- gen(kinds[i])
  s <- 1
  if (i %% 6 == 0) s <- sample(c(1e-6, 1e-7, 1e6), 1)
  add(sprintf("generated %d (%s) x %g", i, kinds[i], s), if (s == 1) kinds[i] else paste(kinds[i], "rescaled"),
      g$yi * s, g$vi * s^2, s)
}

## hard classes (issue 20). metafor's own arithmetic can cancel here (it returns Q 1.46 where
## the truth is 3.87, and confint() [0, 0] near 1e8), so these sets have a second, independent
## reference: mpmath_reference.py computes every field to 40 digits (mpmath_reference.json).
## The checks of fit_one and qprofile are recorded in metafor_checks, not enforced.
hard <- function(name, kind, yi, vi) add(name, kind, yi, vi, 1, strict = FALSE)
hard("issue 20 REML overshoot", "hard bimodal", c(-0.01, 0, 2.83, -2.24, -7.4), c(0.002, 0.005, 1.461, 0.889, 8.254))
hard("issue 20 REML narrow maximum", "hard bimodal", c(-3.5, 0.75, 0.89, 1.55, 0.98), c(1.608, 0.005, 0.177, 0.209, 0.173))
hard("issue 20 PM precise and imprecise", "hard spread", c(1280, 0.376, 0.377, 6910), c(185000, 2.31e-7, 5.49e-7, 1e8))
hard("issue 20 Q-profile precise and imprecise", "hard spread", c(0.376, 0.377, -2220, 6910), c(2.31e-7, 5.49e-7, 7.24e6, 1e8))
hard("issue 20 DL denominator", "hard spread", c(-0.44, 20000), c(1e-8, 1e8))
hard("issue 20 REML one weight dominates", "hard spread", c(0, 1), c(1e-8, 1e4))
for (i in 1:15) {  # variances spanning 1e-8..1e8 within one set
  k <- sample(3:10, 1); vi <- 10^runif(k, -8, 8); vi[1:2] <- c(1e-8, 1e8)
  yi <- rnorm(k, 0, sqrt(vi + 10^runif(1, -6, 6)))
  hard(sprintf("variances 1e-8..1e8 %d", i), "hard spread", yi, vi)
}
for (i in 1:15) {  # a cluster of precise studies that agree, and imprecise ones far off
  m <- sample(2:5, 1); o <- sample(1:4, 1)
  vi <- c(10^runif(m, -7, -4), 10^runif(o, 0, 5))
  yi <- c(rnorm(m, 0.3, 1e-3), rnorm(o, 0, 10^runif(1, 0, 3)))
  hard(sprintf("precise and imprecise clusters %d", i), "hard clusters", yi, vi)
}
for (i in 1:10) {  # near the boundary: Cochran's Q = (k-1)(1 + d), DL tau^2 just above or at 0
  k <- sample(3:15, 1); vi <- runif(k, 0.01, 0.3); yi <- rnorm(k, 0, sqrt(vi))
  w <- 1 / vi; mu <- sum(w * yi) / sum(w); q0 <- sum(w * (yi - mu)^2)
  d <- c(-1e-6, 1e-6, 1e-9, 1e-3, -1e-3)[(i - 1) %% 5 + 1]
  yi <- mu + (yi - mu) * sqrt((k - 1) * (1 + d) / q0)
  hard(sprintf("near the boundary %d (Q = (k-1)(1%+g))", i, d), "hard boundary", yi, vi)
}
found <- 0; tried <- 0
while (found < 30) {  # bimodal restricted likelihoods, found by search
  tried <- tried + 1
  m <- sample(1:5, 1); o <- sample(1:4, 1)
  vi <- c(10^runif(m, -4, -1), 10^runif(o, -1, 2))
  yi <- c(rnorm(m, 0, 0.05), rnorm(o, 0, 1) * sqrt(vi[m + seq_len(o)]) * runif(1, 1, 4))
  if (grid_optimum(yi, vi)$n_max > 1) {
    found <- found + 1
    hard(sprintf("bimodal by search %d (candidate %d)", found, tried), "hard bimodal", yi, vi)
  }
}

out <- list(
  metafor_version = as.character(packageVersion("metafor")),
  r_version = R.version.string,
  generated_by = "tests/stats/reference/metafor_reference.R",
  notes = "hard sets (kind 'hard ...'): metafor_checks lists the script's checks metafor failed there; mpmath_reference.json has their 40-digit values. scale: the factor the set was multiplied by (location fields scale with it, tau2 with its square)",
  sources = list(
    estimate = "coef(res)", se = "res$se", ci = "c(res$ci.lb, res$ci.ub)", tau2 = "res$tau2",
    tau2_ci = "confint(res, control=list(tol=1e-14*median(vi), tau2.max=<wide>, maxiter=10000))$random['tau^2', c('ci.lb', 'ci.ub')] (Q-profile), checked against uniroot() on the generalized Q",
    q = "res$QE", q_p = "res$QEp", i2 = "res$I2 / 100", h2 = "res$H2", weights = "weights(res) / 100",
    loglik = "res$fit.stats['ll', 'REML'] (= logLik(res) for REML fits)",
    pi = "predict(): z = predict(res) after test='z'; t-k1 = predict(res, pi.type='t') after test='z', predict(res) after 'knha'/'adhoc'; t-k2 = predict(<test='z' fit>, pi.type='riley') (k-2 df, model-based se, Higgins et al. 2009); z after 'knha'/'adhoc' by hand, mu -/+ qnorm(0.975) * sqrt(se^2 + tau2); null for k < 3",
    fits = "per estimator and test: the 'call' field; fits$<estimator> fields other than tests come from the test='z' fit (they do not depend on the test)"
  ),
  sets = sets
)
dir <- "tests/stats/reference"
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, null = "null", na = "null", pretty = FALSE),
           file.path(dir, "metafor_reference.json"))

## distribution functions
dfs <- c(1:40, 45, 50, 60, 75, 100, 150, 200, 300, 500, 1000, 2000, 2999, 3000)
ps <- c(0.975, 0.995, 0.9, 0.6, 0.025)
dist <- list(
  r_version = R.version.string,
  qt = lapply(dfs, function(d) list(df = d, p = ps, value = qt(ps, d))),
  qchisq = lapply(dfs, function(d) list(df = d, p = ps, value = qchisq(ps, d))),
  pchisq = lapply(dfs, function(d) { x <- d * c(0.01, 0.5, 1, 1.5, 3) + c(0, 0, 0, 0, 10)
    list(df = d, x = x, lower = pchisq(x, d), upper = pchisq(x, d, lower.tail = FALSE)) }),
  pt = lapply(dfs, function(d) { x <- c(0.001, 0.5, 1.96, 4, 30)
    list(df = d, x = x, upper = pt(x, d, lower.tail = FALSE)) })
)
writeLines(toJSON(dist, auto_unbox = TRUE, digits = NA, pretty = FALSE), file.path(dir, "distributions.json"))
cat("wrote", length(sets), "sets\n")
