"""Characters a reader does not see but a terminal or a text acts on, as regular-expression
character ranges, defined once for every check that refuses, removes or escapes them.

Each check picks what it still allows: a CSV cell keeps its tabs and line breaks, a document
also its page breaks (form feed), a name none of them.
"""

C0 = r"\x00-\x1f"  # every control character below the space
C0_BUT_LINES = r"\x00-\x08\x0b\x0c\x0e-\x1f"  # ...but tab, line feed and carriage return
C0_BUT_PAGES = r"\x00-\x08\x0b\x0e-\x1f"  # ...and form feed too, a document's page break
C1_AND_BIDI = r"\x7f-\x9f\u202a-\u202e\u2066-\u2069"  # DEL, C1 controls, bidi overrides
SURROGATES = r"\ud800-\udfff"  # bytes that were not UTF-8 on the command line
