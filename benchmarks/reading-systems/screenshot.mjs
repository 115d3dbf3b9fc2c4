#!/usr/bin/env node
// Render an EPUB in real reading systems (epub.js and foliate-js) in Debian's headless Chromium,
// and save screenshots of the cover, the title page, the first note call, and the note after
// clicking its call, at phone and desktop size, in a light and a night theme.
//
//   node screenshot.mjs BOOK.epub OUTDIR [--readers epubjs,foliate] [--sizes phone,desktop] [--themes light,dark] [--call NOTEREF-ID]
//
// --call picks the note call to show and follow (an id, e.g. noteref-12); the default is the first in the book.
//
// Writes OUTDIR/<reader>-<size>-<theme>-<shot>.png and OUTDIR/report.json (measurements).
import { createServer } from 'node:http'
import { readFile, mkdir, writeFile, stat } from 'node:fs/promises'
import { join, extname, resolve, dirname, posix } from 'node:path'
import { fileURLToPath } from 'node:url'
import JSZip from 'jszip'
import puppeteer from 'puppeteer-core'

const HERE = dirname(fileURLToPath(import.meta.url))
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

const SIZES = {
  phone: { width: 390, height: 844, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
  desktop: { width: 1280, height: 800, deviceScaleFactor: 1, isMobile: false, hasTouch: false },
}

function parseArgs(argv) {
  const pos = [], opt = { readers: 'epubjs,foliate', sizes: 'phone,desktop', themes: 'light,dark', call: '' }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (a.startsWith('--')) {
      const [k, v] = a.includes('=') ? a.slice(2).split('=') : [a.slice(2), argv[++i]]
      opt[k] = v
    } else pos.push(a)
  }
  if (pos.length !== 2) {
    console.error('usage: node screenshot.mjs BOOK.epub OUTDIR [--readers epubjs,foliate] [--sizes phone,desktop] [--themes light,dark] [--call NOTEREF-ID]')
    process.exit(2)
  }
  return { book: resolve(pos[0]), out: resolve(pos[1]), ...Object.fromEntries(
    Object.entries(opt).map(([k, v]) => [k, v.split(',').filter(Boolean)])) }
}

// ---- what to show: read the package in Node --------------------------------------------------
const attr = (tag, name) => tag.match(new RegExp(`\\s${name}\\s*=\\s*"([^"]*)"`))?.[1]
  ?? tag.match(new RegExp(`\\s${name}\\s*=\\s*'([^']*)'`))?.[1]
async function inspectEpub(path, callId) {
  const zip = await JSZip.loadAsync(await readFile(path))
  const container = await zip.file('META-INF/container.xml').async('string')
  const opfPath = attr(container.match(/<rootfile\b[^>]*>/)[0], 'full-path')
  const opfDir = posix.dirname(opfPath)
  const opf = await zip.file(opfPath).async('string')
  const items = new Map()
  for (const tag of opf.match(/<item\b[^>]*>/g)) items.set(attr(tag, 'id'), {
    href: attr(tag, 'href'), type: attr(tag, 'media-type'), properties: attr(tag, 'properties') ?? '' })
  const spine = (opf.match(/<itemref\b[^>]*>/g) ?? []).map(t => {
    const it = items.get(attr(t, 'idref'))
    return { idref: attr(t, 'idref'), href: it.href, full: posix.join(opfDir, it.href), linear: attr(t, 'linear') ?? 'yes', properties: it.properties }
  })
  for (const s of spine) s.xhtml = await zip.file(s.full)?.async('string') ?? ''
  const types = s => (s.xhtml.match(/\bepub:type\s*=\s*"([^"]*)"/g) ?? []).join(' ') + ' ' + (s.xhtml.match(/\brole\s*=\s*"([^"]*)"/g) ?? []).join(' ')
  const coverImage = [...items.values()].find(i => i.properties.split(' ').includes('cover-image'))
  const first = spine[0]
  const firstIsCover = first && (/\bcover\b/.test(types(first)) || /doc-cover/.test(types(first))
    || (coverImage && first.xhtml.includes(posix.basename(coverImage.href))) || /cover/i.test(first.idref + first.href))
  const titlepage = spine.find(s => /\btitlepage\b/.test(types(s))) ?? spine[firstIsCover ? 1 : 0]
  let note = null
  for (const s of spine) {
    const a = (s.xhtml.match(/<a\b[^>]*>/g) ?? []).find(t => (/noteref/.test(attr(t, 'epub:type') ?? '') || /doc-noteref/.test(attr(t, 'role') ?? ''))
      && (!callId || attr(t, 'id') === callId))
    if (a) {
      const href = attr(a, 'href')
      const [file, frag] = href.split('#')
      const target = file ? posix.join(posix.dirname(s.href), file) : s.href
      note = { section: s.href, sectionFull: s.full, callId: attr(a, 'id'), href, targetHref: target, targetFull: posix.join(opfDir, target), targetId: frag }
      break
    }
  }
  return { opfPath, spine: spine.map(({ xhtml, ...s }) => s), cover: firstIsCover ? first : null,
    coverImage: coverImage?.href ?? null, titlepage, note }
}

// ---- a tiny static server: this folder, plus the book at /book.epub -------------------------
const MIME = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.css': 'text/css', '.json': 'application/json', '.map': 'application/json', '.epub': 'application/epub+zip' }
function serve(bookPath) {
  const server = createServer(async (req, res) => {
    try {
      const path = decodeURIComponent(new URL(req.url, 'http://x').pathname)
      const file = path === '/book.epub' ? bookPath : join(HERE, path)
      if (path !== '/book.epub' && !file.startsWith(HERE + '/')) throw new Error('outside')
      if (!(await stat(file)).isFile()) throw new Error('not a file')
      res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' })
      res.end(await readFile(file))
    } catch {
      res.writeHead(404).end('not found')
    }
  })
  return new Promise(res => server.listen(0, '127.0.0.1', () => res(server)))
}

// ---- driving a reader ---------------------------------------------------------------------------
async function tapOrClick(page, size, { x, y }) {
  if (size.hasTouch) await page.touchscreen.tap(x, y)
  else await page.mouse.click(x, y)
}

async function run() {
  const args = parseArgs(process.argv.slice(2))
  await mkdir(args.out, { recursive: true })
  const info = await inspectEpub(args.book, args.call?.[0])
  const server = await serve(args.book)
  const base = `http://127.0.0.1:${server.address().port}`
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    // as root, Chromium refuses to start without --no-sandbox; the rest keeps it off the (closed) network
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--font-render-hinting=none'],
  })
  const report = { book: args.book, chromium: await browser.version(), epub: info, runs: [] }
  console.log(`${args.book}: cover ${info.cover ? info.cover.href : 'none'}, title page ${info.titlepage?.href}, note call ${info.note?.section}#${info.note?.callId} -> ${info.note?.href}`)
  try {
    for (const reader of args.readers) for (const sizeName of args.sizes) for (const theme of args.themes) {
      const size = SIZES[sizeName]
      const tag = `${reader}-${sizeName}-${theme}`
      const ctx = await browser.createBrowserContext()
      const page = await ctx.newPage()
      const log = []
      page.on('console', m => log.push(`${m.type()}: ${m.text()}`))
      page.on('pageerror', e => log.push(`pageerror: ${e.message}`))
      page.on('response', res => { if (res.status() >= 400) log.push(`http ${res.status()}: ${res.url()}`) })
      await page.setViewport({ width: size.width, height: size.height, deviceScaleFactor: size.deviceScaleFactor, isMobile: size.isMobile, hasTouch: size.hasTouch })
      await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: theme }])
      await page.goto(`${base}/harness/${reader}.html`, { waitUntil: 'load' })
      await page.waitForFunction('window.rsReady === true', { timeout: 15000 })
      const r = { tag, reader, size: sizeName, theme, shots: {}, log }
      report.runs.push(r)
      const shot = async (name, extra = {}) => {
        const file = `${tag}-${name}.png`
        await page.screenshot({ path: join(args.out, file) })
        r.shots[name] = { file, ...extra }
        console.log(`  ${file}`)
      }
      // foliate-js addresses sections by their path in the zip; epub.js by their href in the OPF
      const addr = (s, full) => (reader === 'foliate' ? full : s)
      try {
        await page.evaluate((o) => window.rs.open('/book.epub', o), { dark: theme === 'dark', spread: sizeName === 'desktop' })
        if (info.cover) {
          const loc = await page.evaluate(t => window.rs.display(t), addr(info.cover.href, info.cover.full))
          await shot('e-cover', { location: loc })
        }
        if (info.titlepage) {
          const loc = await page.evaluate(t => window.rs.display(t), addr(info.titlepage.href, info.titlepage.full))
          const centring = await page.evaluate(() => window.rs.describeTitlepage())
          await shot('a-titlepage', { location: loc, centring })
        }
        if (info.note) {
          const n = info.note
          const loc = await page.evaluate(t => window.rs.display(t), addr(`${n.section}#${n.callId}`, `${n.sectionFull}#${n.callId}`))
          const vis = await page.evaluate(id => window.rs.ensureVisible(id), n.callId)
          await shot('b-notecall', { location: loc, pagesTurnedToReachCall: vis.pagesTurned, call: vis.call })
          if (vis.call) {
            await page.evaluate(() => window.rs.armRelocated())
            await tapOrClick(page, size, vis.call.click)
            const after = await page.evaluate(() => window.rs.awaitRelocated())
            const text = await page.evaluate(() => window.rs.visibleText())
            await shot('c-note', { via: size.hasTouch ? 'tap' : 'click', after, location: await page.evaluate(() => window.rs.location()), visibleText: text })
          }
        }
      } catch (e) {
        r.error = String(e?.stack ?? e)
        console.error(`  ${tag}: ${e}`)
        await shot('error').catch(() => {})
      }
      await ctx.close()
    }
  } finally {
    await browser.close()
    server.close()
  }
  await writeFile(join(args.out, 'report.json'), JSON.stringify(report, null, 2))
  console.log(`report: ${join(args.out, 'report.json')}`)
}
run().catch(e => { console.error(e); process.exit(1) })
