"""Everything citeaudit prints or writes: the JSON documents (``documents``),
the listings' tables (``listing``), the draft check's text and GitHub
annotations (``annotations``), the HTML audit report (``html``) and its
citation graph (``graph``)."""
