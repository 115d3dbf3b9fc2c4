"""The print edition: the book laid out by WeasyPrint into a PDF, in one pass or in parallel chunks.

    pdf.py        render_pdf: the entry; one pass, or chunks where plan.chunking_applies says so
    document.py   the print HTML, handed over in pieces (head, front with the contents, parts, back, tail)
    styles.py     the stylesheets: the page rule generated for the trim, ours, the manuscript's
    variants.py   the PDF variants (plain, PDF/A-2b, PDF/UA-1) and what each allows (tags, chunks)
    fetcher.py    the sandbox: the only files WeasyPrint may read
    layout.py     one WeasyPrint layout, listened to, and the reproducible write of every PDF
    logs.py       the logging policy: WeasyPrint's warnings become findings
    record.py     the page record: where the last PDF's parts and entries fell
    plan.py       the chunk plan: whether chunks apply, where the book is cut, what each chunk is
    worker.py     one chunk laid out in a worker process
    merge.py      the chunks' PDFs as one
    chunked.py    the chunked layout: placing, checking, laying out again what was placed wrong

It imports neither the build cache (the chunk cache is handed to render_pdf) nor the validators.
"""
