"""Pure-Python reading of work reports: no Django imports below this package.

decode -> normalise -> read (metadata + sections + extract) -> link

- read.read_report(bytes) is the one entry: it returns a ReadReport with the normalised text, metadata,
  sections and the commitments of the tasks sections (extract/).
- lexicon/ is the shared vocabulary as data (bracket scanner, nouns, verbs, figures and units, verdict words);
  extract/ runs tables of frames over it; link.py scores and judges review passages against commitments.
- Every commitment row and every link match names the rule that produced it.
"""
