"""Everything citeaudit prints or writes: the listings (``listing``), the HTML
audit report (``html``) and its citation graph (``graph``)."""
