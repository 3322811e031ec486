"""The shared vocabulary as data: the words and units the pipeline reads reports by, kept as tables
(dicts and tuples of words) that are compiled to patterns in one place each, so a new report style is rows
in a table, not a new branch in code.

    words     generic words of work reports, and how a list of words becomes a pattern
    figures   one grammar of figures and units: numbers, magnitudes, ranges, bounds, units with a
              dimension and a factor to a base unit
    verdicts  what a review passage says of a promise: act, delivery, unfinished, under-way, wanting,
              shortfall, draft-only and enacted words, and the ids of the verdict rules

Submodules are imported by name (``from ledger.pipeline.lexicon import figures``); nothing is loaded here.
"""
