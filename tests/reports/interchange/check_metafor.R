## Run by test_metafor_export.py: source the exported metafor.R, then escalc() of the raw columns;
## prints one JSON line per run (every number with 17 significant digits).
args <- commandArgs(trailingOnly = TRUE)
source(file.path(args[1], "metafor.R"), chdir = TRUE)
out <- list()
for (file in toolkit$file) {
  dat <- read.csv(file.path(args[1], file), stringsAsFactors = FALSE)
  measure <- toolkit$measure[toolkit$file == file]
  raw <- if ("ai" %in% names(dat)) escalc(measure, ai = ai, bi = bi, ci = ci, di = di, data = dat)
         else escalc(measure, m1i = m1i, sd1i = sd1i, n1i = n1i, m2i = m2i, sd2i = sd2i, n2i = n2i, data = dat)
  fit <- fits[[file]]
  out[[file]] <- list(estimate = as.numeric(coef(fit)), ci_low = fit$ci.lb, ci_high = fit$ci.ub, tau2 = fit$tau2,
                      k = fit$k, yi = as.numeric(raw$yi), vi = as.numeric(raw$vi), method = fit$method, test = fit$test)
}
cat(paste0("{", paste(sprintf('"%s": {"estimate": %.17g, "ci_low": %.17g, "ci_high": %.17g, "tau2": %.17g, "k": %d, "method": "%s", "test": "%s", "yi": [%s], "vi": [%s]}',
    names(out), sapply(out, `[[`, "estimate"), sapply(out, `[[`, "ci_low"), sapply(out, `[[`, "ci_high"),
    sapply(out, `[[`, "tau2"), sapply(out, `[[`, "k"), sapply(out, `[[`, "method"), sapply(out, `[[`, "test"),
    sapply(out, function(x) paste(sprintf("%.17g", x$yi), collapse = ", ")),
    sapply(out, function(x) paste(sprintf("%.17g", x$vi), collapse = ", "))), collapse = ", "), "}"), "\n")
