"""Parsing one article: the people it names (``people``), its direct quotes
and reported speech (``quotes``) and the sources it credits (``sources``).
``pipeline.parse_article`` runs the three over one shared sentence split."""
