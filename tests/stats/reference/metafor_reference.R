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
##   prediction intervals mu -/+ crit * sqrt(se^2 + tau^2): predict(res) gives
##   the "z" variant after test="z" and the "t-k1" variant after test="knha"/
##   "adhoc" (qt with k-1 df); the other combinations and "t-k2"
##   (Higgins, Thompson & Spiegelhalter, 2009, qt with k-2 df) are computed here
##   by hand from coef(res), res$se and res$tau2 with qnorm/qt, because
##   predict() in metafor 3.8 has no such option. Where predict(res) applies,
##   the hand computation is checked against it. Not computed (null) for k < 3.
##
## Convergence and the GLOBAL REML optimum. metafor's REML is Fisher scoring
## from one start with an absolute threshold (default 1e-5), so on a bimodal
## restricted likelihood it may stop at a local maximum, and on tiny scales it
## stops early. Here, for every REML fit:
##   1. control=list(threshold = 1e-13 * u2, maxiter = 10000) where u2 =
##      median(vi), i.e. a tolerance relative to the data's scale;
##   2. rma is run from several starts, tau2.init = 0 (tiny), DL, HE
##      (Hedges), and every local maximum found on the grid of step 3, with
##      stepadj = 1 and 0.5; the fit with the highest logLik(res) is kept;
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

fit_one <- function(yi, vi, method, test) {
  u2 <- median(vi); thr <- 1e-13 * u2; top <- tau2_upper(yi, vi)
  ctrl <- list(threshold = thr, tol = 1e-14 * u2, maxiter = 10000, tau2.max = top)
  if (method != "REML") {
    return(list(res = rma.uni(yi, vi, method = method, test = test, control = ctrl),
                call = sprintf("rma.uni(yi, vi, method='%s', test='%s', control=list(threshold=%.3g, tol=%.3g, maxiter=10000, tau2.max=%.3g))",
                               method, test, thr, 1e-14 * u2, top), n_max = NA))
  }
  g <- grid_optimum(yi, vi)
  starts <- unique(c(1e-8 * u2, rma.uni(yi, vi, method = "DL")$tau2, he_tau2(yi, vi), g$maxima))
  best <- NULL; lls <- c()
  for (s in starts) for (adj in c(1, 0.5)) {
    r <- tryCatch(rma.uni(yi, vi, method = "REML", test = test,
                          control = c(ctrl, list(tau2.init = s, stepadj = adj))),
                  error = function(e) NULL)
    if (is.null(r)) next
    l <- as.numeric(logLik(r)); lls <- c(lls, l)
    if (is.null(best) || l > as.numeric(logLik(best))) best <- r
  }
  if (is.null(best)) stop("no REML fit converged")
  lb <- as.numeric(logLik(best))
  if (lb < g$ll - 1e-9) stop(sprintf("rma REML logLik %.12g below grid optimum %.12g", lb, g$ll))
  if (abs(best$tau2 - g$tau2) > 1e-6 * max(g$tau2, u2)) stop(sprintf("rma tau2 %.12g vs grid %.12g", best$tau2, g$tau2))
  if (abs(reml_ll(best$tau2, yi, vi) - lb) > 1e-8) stop("restricted log-likelihood formula disagrees with logLik()")
  list(res = best, n_max = g$n_max,
       call = sprintf("rma.uni(yi, vi, method='REML', test='%s', control=list(threshold=%.3g, maxiter=10000, tau2.init=<start>, stepadj=<1 or 0.5>)), best logLik over %d starts",
                      test, thr, length(starts)))
}

qprofile <- function(res, yi, vi) {
  u2 <- median(vi); top <- tau2_upper(yi, vi)
  ci <- confint(res, control = list(tol = 1e-14 * u2, tau2.max = top, maxiter = 10000))$random["tau^2", ]
  ## independent check: solve the generalized Q equation directly
  qf <- function(t2) { w <- 1 / (vi + t2); mu <- sum(w * yi) / sum(w); sum(w * (yi - mu)^2) }
  k <- length(yi)
  chk <- function(target) {
    if (qf(0) < target) return(0)
    uniroot(function(t) qf(t) - target, c(0, top), tol = 1e-14 * u2, maxiter = 10000)$root
  }
  lo <- chk(qchisq(0.975, k - 1)); hi <- chk(qchisq(0.025, k - 1))
  if (abs(lo - ci[["ci.lb"]]) > 1e-8 * max(u2, lo) || abs(hi - ci[["ci.ub"]]) > 1e-8 * max(u2, hi))
    stop("Q-profile check disagrees with confint()")
  c(ci[["ci.lb"]], ci[["ci.ub"]])
}

pi_by_hand <- function(mu, se, tau2, crit) c(mu - crit * sqrt(se^2 + tau2), mu + crit * sqrt(se^2 + tau2))

make_set <- function(name, kind, yi, vi, scale = 1) {
  k <- length(yi); fits <- list(); nmax <- NA
  for (m in c("REML", "DL", "PM")) {
    est <- list(); tests <- list()
    for (t in c("z", "knha", "adhoc")) {
      f <- fit_one(yi, vi, m, t); res <- f$res
      if (m == "REML") nmax <- f$n_max
      mu <- as.numeric(coef(res)); se <- res$se; tau2 <- res$tau2
      pis <- list(z = NULL, `t-k1` = NULL, `t-k2` = NULL)
      if (k >= 3) {
        pz <- pi_by_hand(mu, se, tau2, qnorm(0.975))
        p1 <- pi_by_hand(mu, se, tau2, qt(0.975, k - 1))
        p2 <- pi_by_hand(mu, se, tau2, qt(0.975, k - 2))
        p <- predict(res)
        if (t == "z" && max(abs(c(p$pi.lb, p$pi.ub) - pz)) > 1e-9 * max(1, abs(pz))) stop("predict() z PI")
        if (t != "z" && max(abs(c(p$pi.lb, p$pi.ub) - p1)) > 1e-9 * max(1, abs(p1))) stop("predict() t PI")
        pis <- list(z = pz, `t-k1` = p1, `t-k2` = p2)
      }
      name_t <- c(z = "wald", knha = "hksj", adhoc = "hksj-adhoc")[[t]]
      tests[[name_t]] <- list(estimate = mu, se = se, ci = c(res$ci.lb, res$ci.ub), pi = pis,
                              call = f$call,
                              pi_source = if (t == "z") "z: predict(res); t-k1, t-k2: by hand, qt(0.975, k-1 / k-2)" else
                                "t-k1: predict(res); z, t-k2: by hand, qnorm(0.975) / qt(0.975, k-2)")
      if (t == "z") {
        ci_t <- if (k >= 2) qprofile(res, yi, vi) else c(NA, NA)
        est <- list(tau2 = tau2, tau2_ci = ci_t, q = res$QE, q_p = res$QEp, i2 = res$I2 / 100,
                    h2 = res$H2, weights = as.numeric(weights(res)) / 100,
                    loglik = res$fit.stats["ll", "REML"])
      }
    }
    est$tests <- tests
    fits[[tolower(m)]] <- est
  }
  list(name = name, kind = kind, k = k, scale = scale, yi = yi, vi = vi,
       reml_local_maxima = nmax, fits = fits)
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

out <- list(
  metafor_version = as.character(packageVersion("metafor")),
  r_version = R.version.string,
  generated_by = "tests/stats/reference/metafor_reference.R",
  notes = "scale: the factor the set was multiplied by (location fields scale with it, tau2 with its square)",
  sources = list(
    estimate = "coef(res)", se = "res$se", ci = "c(res$ci.lb, res$ci.ub)", tau2 = "res$tau2",
    tau2_ci = "confint(res, control=list(tol=1e-14*median(vi), tau2.max=<wide>, maxiter=10000))$random['tau^2', c('ci.lb', 'ci.ub')] (Q-profile), checked against uniroot() on the generalized Q",
    q = "res$QE", q_p = "res$QEp", i2 = "res$I2 / 100", h2 = "res$H2", weights = "weights(res) / 100",
    loglik = "res$fit.stats['ll', 'REML'] (= logLik(res) for REML fits)",
    pi = "predict(res) where it applies (z after test='z', t-k1 after test='knha'/'adhoc'), else mu -/+ crit * sqrt(se^2 + tau2) with qnorm(0.975) / qt(0.975, k-1) / qt(0.975, k-2); null for k < 3",
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
