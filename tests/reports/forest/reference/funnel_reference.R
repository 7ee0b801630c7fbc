## Reference values for the funnel plot (tests/reports/forest/test_funnel.py) from R's metafor.
##
## Run from the repository root:  Rscript tests/reports/forest/reference/funnel_reference.R
## It writes tests/reports/forest/reference/funnel_reference.json, which is committed (CI has
## no R). Needs r-cran-metafor and r-cran-jsonlite (Debian packages; metafor 3.8-1 here).
##
## Data: metafor's dat.bcg, escalc(measure = "RR") (the 13 trials of
## tests/workflows/fixtures/bcg-vaccine-trials, all pooled under title-iv-e-psc).
## Model: rma(yi, vi, method = "REML") (the toolkit's default methods).
## funnel(res) with its defaults (yaxis = "sei", level = 95, addtau2 = FALSE, refline = coef):
##   points       the data frame funnel() returns invisibly (x = yi, y = sei, slab);
##   refline      coef(res);
##   region       refline -/+ qnorm(0.975) * max(sei): metafor's x.lb.bot and x.ub.bot (funnel.rma);
##   ylim         c(max(sei), 0) (funnel.rma's default);
##   xlim         read back from the drawn plot: par("usr")[1:2] with R's default xaxs = "r" is
##                xlim widened by 4% either side, so xlim = usr shrunk by 1/1.08 about its centre.

suppressPackageStartupMessages({library(metafor); library(jsonlite)})
dat <- escalc(measure = "RR", ai = tpos, bi = tneg, ci = cpos, di = cneg, data = dat.bcg,
              slab = paste(author, year))
res <- rma(yi, vi, data = dat, method = "REML")
pdf(NULL)
points <- funnel(res)
usr <- par("usr")
invisible(dev.off())
centre <- (usr[1] + usr[2]) / 2
half <- (usr[2] - usr[1]) / 2 / 1.08
sei <- sqrt(dat$vi)
out <- list(
  source = "metafor 3.8-1: funnel(rma(yi, vi, method = 'REML')) on escalc('RR', dat.bcg)",
  trials = paste(dat.bcg$author, dat.bcg$year),
  x = as.numeric(points$x), y = as.numeric(points$y),
  refline = as.numeric(coef(res)),
  region = c(coef(res) - qnorm(0.975) * max(sei), coef(res) + qnorm(0.975) * max(sei)),
  ylim = c(max(sei), 0),
  xlim = c(centre - half, centre + half)
)
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE),
           "tests/reports/forest/reference/funnel_reference.json")
