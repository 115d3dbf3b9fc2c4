"""The print edition: the book laid out by WeasyPrint into a PDF, in one pass or in parallel chunks.

    pdf.py                render_pdf: the entry; one pass, or chunks where plan.chunking_applies says so
    document.py           the print HTML, handed over in pieces (head, front with the contents, parts, back, tail)
    styles.py             the stylesheets: the page rule generated for the trim, ours, the manuscript's
    variants.py           the PDF variants (plain, PDF/A-2b, PDF/UA-1) and what each allows (tags, chunks)
    fetcher.py            the sandbox: the only files WeasyPrint may read
    layout.py             one WeasyPrint layout, listened to, and the reproducible write of every PDF
    logs.py               the logging policy: WeasyPrint's warnings become findings
    hyphenation.py        words kept whole, or hyphenated only if a line needs it (names)
    total_fit.py          the total-fit (Knuth-Plass) line breaker, and a paragraph's other line counts
    line_breaking.py      WeasyPrint's justified paragraphs broken by the total fit, inside its layout
    page_makeup.py        a faulty page made again with paragraphs a line longer or shorter
    page_depth.py         a recto made as short as the verso it faces
    note_continuation.py  a long note carried on to the next page's foot
    tracking.py           the loosest justified lines letter-spaced, their spaces under half an em
    weasyprint_fixes.py   fixes carried on WeasyPrint's line layout (notes lost, notes sent on for nothing)
    font_subsetting.py    a fix carried on fontTools's subsetter (layout tables decompiled to be dropped)
    folios.py             a chunk's folios made once the page it starts at is known
    pages.py              where each page begins in the book's text
    record.py             the page record: where the last PDF's parts and entries fell
    plan.py               the chunk plan: whether chunks apply, where the book is cut, what each chunk is
    worker.py             one chunk laid out in a worker process, and how it learns its first page (Placement)
    merge.py              the chunks' PDFs as one
    chunked.py            the chunked layout: placing each chunk once the ones before are paginated, checking

It imports neither the build cache (the chunk cache is handed to render_pdf) nor the validators.
"""
