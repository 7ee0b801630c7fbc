## Reference values for tests/workflows/history from R's metafor package (Viechtbauer, 2010):
## the cumulative meta-analysis (metafor::cumul) behind `history --by year`.
##
## Run from the repository root:  Rscript tests/workflows/history/reference/cumul_reference.R
## It writes tests/workflows/history/reference/cumul_reference.json, which is committed (CI has
## no R). Needs r-base-core and r-cran-metafor (Debian packages); the JSON is written by the few
## lines of `json` below (numbers with 17 significant digits), so jsonlite is not needed.
##
## Data: the fixture dataset tests/workflows/history/fixtures/cumulative-2004-2024/ (made-up
## trials, each one SMD with its standard error, all eligible and in one domain). The records
## are read here with a few regular expressions (the fixture writes each on one line; R has no
## YAML reader installed), and the inputs are written to the JSON so that the test can check
## the toolkit read the same numbers: yi = estimate, vi = se^2 (measure "SMD" given as an
## estimate and its se needs no escalc).
##
## What is computed, for each model:
##   res <- rma.uni(yi, vi, method = M, test = T, control = ...), then
##   cumul(res, order = order(year, id)): the studies enter one at a time, by year and, within a
##   year, by id; row j is the model refitted to the first j studies (metafor 3.8 cumul.rma.uni
##   refits rma.uni with the same method, test and control). Per row: estimate, ci.lb, ci.ub,
##   tau2, k. The toolkit's tie rule is that the studies of one year enter together, so the
##   toolkit's point for a year is compared with the cumul row of the LAST study of that year
##   ("year_end": true below); a row inside a year is an intermediate step the toolkit never
##   shows (the pool of a set does not depend on the order its studies entered).
##   As a check, every year-end row is recomputed with a direct rma.uni fit of the studies up to
##   that year; the script stops unless both agree to 1e-9.
## Models: REML with a Wald CI (the rule set's default: method = "REML", test = "z"); the same on
##   the high-quality trials only ("reml-wald-high": the pool of the rule set's strong tier, for
##   the hand check of the fixture's rating changes); DL with a
##   Wald CI (method = "DL", test = "z"), and REML with the Hartung-Knapp-Sidik-Jonkman CI
##   (method = "REML", test = "knha").
## REML convergence: control = list(threshold = 1e-13 * median(vi), maxiter = 10000) so that
##   tau^2 is found to far below the test's 1e-6 (metafor's default threshold, 1e-5 absolute,
##   is not tight enough); stepadj = 0.5 as a second start, keeping the higher logLik.

suppressPackageStartupMessages(library(metafor))

json <- function(x, indent = "") {
  inner <- paste0(indent, "  ")
  if (is.null(x)) return("null")
  if (is.list(x)) {
    if (length(x) == 0) return(if (is.null(names(x))) "[]" else "{}")
    parts <- vapply(x, json, "", indent = inner)
    if (is.null(names(x))) return(paste0("[\n", inner, paste(parts, collapse = paste0(",\n", inner)), "\n", indent, "]"))
    keys <- vapply(names(x), json, "")
    return(paste0("{\n", inner, paste(paste0(keys, ": ", parts), collapse = paste0(",\n", inner)), "\n", indent, "}"))
  }
  stopifnot(length(x) == 1)
  if (is.logical(x)) return(if (x) "true" else "false")
  if (is.numeric(x)) return(if (is.na(x)) "null" else sprintf("%.17g", x))
  paste0("\"", gsub("\"", "\\\\\"", gsub("\\\\", "\\\\\\\\", x)), "\"")
}

fixture <- "tests/workflows/history/fixtures/cumulative-2004-2024/studies"
files <- sort(list.files(fixture, pattern = "\\.yaml$", full.names = TRUE))
field <- function(lines, pattern) {
  hit <- regmatches(lines, regexpr(pattern, lines, perl = TRUE))
  stopifnot(length(hit) == 1)
  sub(pattern, "\\1", hit, perl = TRUE)
}
rows <- lapply(files, function(path) {
  lines <- readLines(path)
  data.frame(
    id = field(lines, "^id: ([a-z0-9-]+)$"),
    year = as.integer(field(lines, "^year: ([0-9]+)$")),
    yi = as.numeric(field(lines, "estimate: (-?[0-9.]+),")),
    sei = as.numeric(field(lines, "se: ([0-9.]+)\\}")),
    high = any(grepl("^risk_of_bias:", lines)),  # the fixture appraises exactly its high-quality trials
    stringsAsFactors = FALSE
  )
})
dat <- do.call(rbind, rows)
dat$vi <- dat$sei^2
ord <- order(dat$year, dat$id)
dat <- dat[ord, ]
rownames(dat) <- NULL

fit <- function(d, method, test) {
  ctrl <- list(threshold = 1e-13 * median(d$vi), maxiter = 10000)
  best <- NULL
  for (step in c(1, 0.5)) {
    ctrl$stepadj <- step
    res <- rma.uni(d$yi, d$vi, method = method, test = test, control = ctrl)
    if (is.null(best) || logLik(res) > logLik(best)) best <- res
  }
  best
}

models <- list(
  list(name = "reml-wald", method = "REML", test = "z"),
  list(name = "reml-wald-high", method = "REML", test = "z", subset = "high"),
  list(name = "dl-wald", method = "DL", test = "z"),
  list(name = "reml-hksj", method = "REML", test = "knha")
)
out <- list()
for (m in models) {
  d_all <- dat
  dat <- if (is.null(m$subset)) d_all else d_all[d_all$high, ]
  res <- fit(dat, m$method, m$test)
  cum <- cumul(res)  # dat is already ordered by (year, id): cumul's default order is the data's
  steps <- list()
  for (j in seq_len(nrow(dat))) {
    year_end <- j == nrow(dat) || dat$year[j + 1] != dat$year[j]
    step <- list(
      k = j, study = dat$id[j], year = dat$year[j], year_end = year_end,
      estimate = unname(cum$estimate[j]), ci_low = unname(cum$ci.lb[j]), ci_high = unname(cum$ci.ub[j]),
      tau2 = unname(cum$tau2[j])
    )
    if (year_end && j >= 2) {
      direct <- fit(dat[1:j, ], m$method, m$test)
      stopifnot(abs(direct$b[1] - step$estimate) < 1e-9, abs(direct$ci.lb - step$ci_low) < 1e-9,
                abs(direct$ci.ub - step$ci_high) < 1e-9, abs(direct$tau2 - step$tau2) < 1e-9)
    }
    steps[[j]] <- step
  }
  out[[m$name]] <- list(
    subset = if (is.null(m$subset)) "all studies (the domain's pool)" else "the high-quality studies only (the strong tier's pool)",
    call = sprintf("cumul(rma.uni(yi, vi, method = \"%s\", test = \"%s\", control = list(threshold = 1e-13 * median(vi), maxiter = 10000)))", m$method, m$test),
    steps = steps
  )
  dat <- d_all
}

result <- list(
  metafor = as.character(packageVersion("metafor")),
  r = R.version.string,
  order = "year, then id within a year (cumul adds one study at a time; compare the year_end rows)",
  inputs = lapply(seq_len(nrow(dat)), function(i) list(id = dat$id[i], year = dat$year[i], yi = dat$yi[i], vi = dat$vi[i], high = dat$high[i])),
  models = out
)
writeLines(json(result), "tests/workflows/history/reference/cumul_reference.json")
cat("wrote tests/workflows/history/reference/cumul_reference.json\n")
