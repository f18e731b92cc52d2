# Reference values for the indicator engine, computed with R's survey package.
# Reads fixture.csv beside this script and writes expected.csv.
# Run from this folder:  Rscript survey.R
#
# Every group is a subset: the design is built on the group's rows alone, filtered to the
# indicator's universe with the answer present (svydesign(ids = ~1, weights = ~weight)).
# CI = estimate +/- 1.959964 * SE (as the spec says, not confint()); clipped to [0, 1] for
# proportions. When n < 2 there is no SE (nor CI); when n = 0 there is no value at all.

suppressPackageStartupMessages(library(survey))

args <- commandArgs(trailingOnly = FALSE)
file_arg <- sub("^--file=", "", args[grep("^--file=", args)])
here <- if (length(file_arg) == 1) dirname(normalizePath(file_arg)) else getwd()

d <- read.csv(file.path(here, "fixture.csv"), colClasses = "character",
              na.strings = "", encoding = "UTF-8")
num_cols <- c("age", "health_coverage", "care_needed_12m", "care_received_12m", "children_6_17",
              "children_in_school", "formal_job", "years_in_region", "remittances_12m_mad", "weight")
for (col in num_cols) d[[col]] <- as.numeric(d[[col]])

Z <- 1.959964

# Each indicator: the universe with the answer present, then y (and x for a ratio).
indicators <- list(
  HEALTH_COVERAGE = list(kind = "proportion",
    universe = function(d) !is.na(d$health_coverage),
    y = function(d) as.numeric(d$health_coverage == 1)),
  REGULAR_STATUS = list(kind = "proportion",
    universe = function(d) d$category %in% c("IMM", "REF") & !is.na(d$residence_status),
    y = function(d) as.numeric(d$residence_status == "REG")),
  EMPLOYMENT_RATE = list(kind = "proportion",
    universe = function(d) !is.na(d$age) & d$age >= 15 & d$age <= 64 & !is.na(d$activity_status),
    y = function(d) as.numeric(d$activity_status == "EMP")),
  SCHOOL_ENROLMENT = list(kind = "ratio",
    universe = function(d) !is.na(d$children_6_17) & d$children_6_17 > 0 & !is.na(d$children_in_school),
    y = function(d) d$children_in_school,
    x = function(d) d$children_6_17),
  REMITTANCES_MEAN = list(kind = "mean",
    universe = function(d) !is.na(d$remittances_12m_mad) & d$remittances_12m_mad > 0,
    y = function(d) d$remittances_12m_mad)
)

groups <- list(list(group = "total", value = "_T", rows = rep(TRUE, nrow(d))))
for (v in sort(unique(d$sex))) groups[[length(groups) + 1]] <- list(group = "sex", value = v, rows = d$sex == v)
for (v in sort(unique(d$province))) groups[[length(groups) + 1]] <- list(group = "province", value = v, rows = d$province == v)

fmt <- function(x) if (is.na(x)) "" else sprintf("%.17g", x)

estimate_one <- function(ind, s) {
  n <- nrow(s)
  if (n == 0) return(list(est = NA, se = NA, n = 0, nw = NA))
  s$y <- ind$y(s)
  if (ind$kind == "ratio") s$x <- ind$x(s)
  nw <- sum(s$weight)
  if (n < 2) {
    # survey refuses a single PSU (lonely PSU); the estimate is the weighted ratio itself, no SE.
    est <- if (ind$kind == "ratio") sum(s$weight * s$y) / sum(s$weight * s$x) else sum(s$weight * s$y) / nw
    return(list(est = est, se = NA, n = n, nw = nw))
  }
  des <- svydesign(ids = ~1, weights = ~weight, data = s)
  if (ind$kind == "ratio") {
    r <- svyratio(~y, ~x, des)
    est <- as.numeric(coef(r)); se <- as.numeric(SE(r))
  } else {
    m <- svymean(~y, des)
    est <- as.numeric(coef(m)); se <- as.numeric(SE(m))
  }
  list(est = est, se = se, n = n, nw = nw)
}

out <- character()
for (id in names(indicators)) {
  ind <- indicators[[id]]
  for (g in groups) {
    s <- d[g$rows & ind$universe(d), , drop = FALSE]
    r <- estimate_one(ind, s)
    lo <- r$est - Z * r$se; hi <- r$est + Z * r$se
    if (ind$kind == "proportion" && !is.na(lo)) { lo <- max(0, lo); hi <- min(1, hi) }
    out <- c(out, paste(id, g$group, g$value, fmt(r$est), fmt(r$se), fmt(lo), fmt(hi),
                        r$n, fmt(r$nw), sep = ","))
  }
}

con <- file(file.path(here, "expected.csv"), open = "w", encoding = "UTF-8")
writeLines(c("indicator,group,value,estimate,se,ci_low,ci_high,n,n_weighted", out), con, sep = "\n")
close(con)
cat(sprintf("wrote %s (%d rows) with %s, survey %s\n", file.path(here, "expected.csv"), length(out),
            R.version.string, as.character(packageVersion("survey"))))
