"""evidmap: turns health articles, claim records and references into a static evidence-map site.

The package is a pipeline, one module per stage, each owning one hand-off:

    load      files -> raw documents (YAML with positions, front matter, Markdown bodies)
    validate  raw documents -> frozen records (records.py) + every diagnostic at once
    articles  article bodies -> text units, quote locations, highlighted HTML
    analyse   records -> every derived fact, once (arrows, evidence levels, findings, agreement,
              matrix cells), in one frozen Analysis; vocabulary.py holds the words they use
    graph     records + arrows -> one networkx graph (for the data exports)
    exports   records + analysis -> the data files (CSV, JSON, CSL-JSON, BibTeX, sitemap), claim
              pages' JSON-LD and reference pages' citation_* tags
    pathway   analysis -> Graphviz DOT and inline SVG (laid out once, cached by DOT text)
    views     records + analysis + diagrams -> page view-models
    render    view-models -> HTML through Jinja templates
    search    rendered pages -> Pagefind's full-text index
    write     the only module that touches the output folder (staging folder, atomic swap); it
              runs Pagefind to fill the search index's folder of the staging folder

Beside the stages: escape.py, the one escaping function per output format; errors.py, the one
tree of failures a build reports; memo.py, everything kept from one build for the next (bounded);
diagnostics.py, how a problem is located and printed.

build.py runs the whole pipeline in one function; cli.py is a thin command line over it.
"""

__version__ = "0.1.0"
