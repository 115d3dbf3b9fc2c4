// Shared by both harness pages: measurements taken inside a rendered section's iframe.
// Coordinates are returned in the top-level page's CSS pixels, so the driver can click there.

export function frameOffset(doc) {
  const frame = doc.defaultView.frameElement
  const r = frame.getBoundingClientRect()
  return { x: r.left, y: r.top }
}

function parseRGB(s) {
  const m = s.match(/rgba?\(([^)]+)\)/)
  if (!m) return null
  const [r, g, b, a = 1] = m[1].split(/[ ,/]+/).filter(Boolean).map(Number)
  return { r, g, b, a }
}
function lum({ r, g, b }) {
  const f = c => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4 }
  return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b)
}
export function contrast(fg, bg) {
  const a = lum(fg), b = lum(bg)
  return +(((Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)).toFixed(2))
}
// The first non-transparent background up the tree, else the given fallback (the host page's).
export function effectiveBackground(el, fallback) {
  for (let e = el; e; e = e.parentElement) {
    const c = parseRGB(getComputedStyle(e).backgroundColor)
    if (c && c.a > 0) return c
  }
  return fallback
}

// Describe a note call: size, style, colour contrast, and where to click it.
export function describeCall(el, hostBg, viewport) {
  const doc = el.ownerDocument
  const off = frameOffset(doc)
  const cs = doc.defaultView.getComputedStyle(el)
  const r = el.getBoundingClientRect()
  const parentCs = doc.defaultView.getComputedStyle(el.parentElement)
  const fg = parseRGB(cs.color)
  const bg = effectiveBackground(el, hostBg)
  const x = off.x + r.left + r.width / 2, y = off.y + r.top + r.height / 2
  return {
    id: el.id, text: el.textContent,
    color: cs.color, background: `rgb(${bg.r}, ${bg.g}, ${bg.b})`, contrast: contrast(fg, bg),
    fontSize: cs.fontSize, parentFontSize: parentCs.fontSize, verticalAlign: cs.verticalAlign,
    textDecoration: cs.textDecorationLine,
    box: { x: +(off.x + r.left).toFixed(1), y: +(off.y + r.top).toFixed(1), w: +r.width.toFixed(1), h: +r.height.toFixed(1) },
    click: { x, y },
    onScreen: x >= 0 && y >= 0 && x <= viewport.w && y <= viewport.h,
  }
}

// For every block of a title page: its lines, and how far each line's ink sits from the
// left and right edges of the block's content box (centred lines have equal gaps).
export function describeCentring(section) {
  const doc = section.ownerDocument
  const out = []
  for (const el of section.children) {
    const box = el.getBoundingClientRect()
    const cs = doc.defaultView.getComputedStyle(el)
    const padL = parseFloat(cs.paddingLeft), padR = parseFloat(cs.paddingRight)
    const range = doc.createRange()
    range.selectNodeContents(el)
    // merge the client rects into lines by their vertical position
    const lines = []
    for (const rc of range.getClientRects()) {
      if (rc.width < 0.5) continue
      const line = lines.find(l => Math.abs(l.top - rc.top) < rc.height / 2)
      if (line) { line.left = Math.min(line.left, rc.left); line.right = Math.max(line.right, rc.right) }
      else lines.push({ top: rc.top, left: rc.left, right: rc.right, height: rc.height })
    }
    out.push({
      tag: el.tagName.toLowerCase(), class: el.className, textAlign: cs.textAlign,
      text: el.textContent.trim().slice(0, 60),
      lines: lines.map(l => ({
        leftGap: +(l.left - box.left - padL).toFixed(1),
        rightGap: +(box.right - padR - l.right).toFixed(1),
      })),
    })
  }
  return out
}

export function waitFrames(n = 2) {
  return new Promise(res => {
    const step = () => (--n <= 0 ? res() : requestAnimationFrame(step))
    requestAnimationFrame(step)
  })
}
