"""The shared vocabulary of work reports, as data: what extraction and linking both read.

- brackets: the one scanner for what lies outside quotes, 《》 and brackets.
- documents, verbs, markers: the nouns of laws, reports and documents, the verb tables by kind, the words
  that make an object vague, generic or an event (extraction).
- figures: the grammar of figures and units, with conversion across units (extraction and linking).
- verdicts, words: completion / progress / shortfall words and generic words (linking).

Modules are imported where used; nothing here is loaded eagerly.
"""
