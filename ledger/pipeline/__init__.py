"""Pure-Python reading of work reports: no Django imports below this package.

decode -> normalise -> read (metadata + sections) -> extract -> link
"""
