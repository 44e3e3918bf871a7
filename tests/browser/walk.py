"""What the six-language walk looks for on each page, in the browser and in Python."""
import re
from functools import cache

from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from portal import ROOT

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|\{\w*\}")
FIGURES = re.compile(r"%\(\w+\)[sdif]|\{\w*\}|[\d٠-٩]+")
KEY_SHAPED = re.compile(r"(?<![\w/.@:-])[a-z]+(?:[-_][a-z]+)+(?![\w/.@-])")

# Runs in the page: the interface's visible text (user text, which carries dir="auto", a lang
# of its own or sits in <bdi>, <code> or a form field, is left out), horizontal overflow, and
# every text whose strong direction differs from its element's computed direction.
PAGE_FACTS = r"""() => {
  const USER_TEXT = '[dir]:not(html), bdi, code, pre, kbd, textarea, input, select, option, ' +
                    'script, style, .visually-hidden, [hidden], [aria-hidden=true]';
  const RTL = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/;
  const LTR = 'A-Za-z\u00C0-\u024F\u0370-\u03FF\u0400-\u04FF\u3040-\u9FFF\uAC00-\uD7AF';
  const STRONG = new RegExp(`[${LTR}\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]`);
  const pageLang = document.documentElement.lang;
  // The element's own text, leaving out isolated runs (<bdi>, [dir]), as dir="auto" reads it:
  // its direction is that of its first strong letter.
  const ownText = (element) => {
    let text = '';
    for (const child of element.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) text += child.textContent;
      else if (child.nodeType === Node.ELEMENT_NODE && !child.matches('bdi, [dir], ' + USER_TEXT)) {
        text += ownText(child);
      }
    }
    return text;
  };
  const interfaceText = [], directions = [], seen = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const element = node.parentElement;
    if (!node.textContent.trim() || !element.checkVisibility()) continue;
    const owner = element.closest('[lang]');
    const isUserText = element.closest(USER_TEXT) || (owner && owner.lang !== pageLang);
    if (!isUserText) interfaceText.push(node.textContent);
    if (seen.has(element)) continue;
    seen.add(element);
    const text = ownText(element), strong = text.match(STRONG);
    if (!strong) continue;
    const expected = RTL.test(strong[0]) ? 'rtl' : 'ltr';
    const actual = getComputedStyle(element).direction;
    if (actual !== expected) {
      directions.push({tag: element.tagName.toLowerCase(), direction: actual, text: text.trim()});
    }
  }
  const root = document.documentElement;
  const wide = [];
  if (root.scrollWidth > root.clientWidth + 1) {
    for (const element of document.body.querySelectorAll('*')) {
      const box = element.getBoundingClientRect();
      if ((box.right > root.clientWidth + 1 || box.left < -1) && box.width > 0 &&
          !element.closest('.skip-link, .visually-hidden')) {
        const name = `${element.tagName.toLowerCase()}.${element.className}`;
        wide.push(`${name} ${Math.round(box.left)}..${Math.round(box.right)}`);
      }
    }
  }
  // Chart labels and values neither cross a bar nor leave the chart.
  const charts = [];
  for (const row of document.querySelectorAll('svg g.row')) {
    const svg = row.ownerSVGElement.getBoundingClientRect();
    const bar = row.querySelector('rect').getBoundingClientRect();
    for (const text of row.querySelectorAll('text')) {
      const box = text.getBoundingClientRect();
      const crosses = bar.width > 0 && box.left < bar.right - 1 && box.right > bar.left + 1;
      if (crosses || box.left < svg.left - 1 || box.right > svg.right + 1) {
        charts.push(`${text.textContent} ${Math.round(box.left)}..${Math.round(box.right)}`);
      }
    }
  }
  const code = [...document.querySelectorAll('code')].map((element) => element.textContent);
  return {text: interfaceText.join('\n'), code: code.join('\n'),
          overflow: root.scrollWidth - root.clientWidth,
          wide: wide.slice(-5), directions: directions, charts: charts};
}"""


@cache
def _catalog(code):
    if code == "en":  # English has no catalog: its text is the messages' own
        with open(ROOT / "translations" / "messages.pot", "rb") as handle:
            template = read_po(handle)
        for message in template:
            message.string = message.id
        return template
    with open(ROOT / "translations" / code / "LC_MESSAGES" / "messages.mo", "rb") as handle:
        return read_mo(handle)


@cache
def english_left_pattern(code):
    """English interface strings that read differently in this language, as one regex."""
    catalog, translated = _catalog(code), catalog_text(code)
    phrases = set()
    for message in catalog:
        english = message.id[0] if isinstance(message.id, (list, tuple)) else message.id
        for phrase in PLACEHOLDER.split(english):
            phrase = phrase.strip(" .:;,()")
            # Short words (PDF, Email) may be borrowed; a phrase the translations use is theirs.
            if len(phrase) >= 8 and " " in phrase and phrase not in translated:
                phrases.add(phrase)
    return re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(phrases, key=len, reverse=True)))
                      + r")\b")


@cache
def catalog_text(code):
    return "\n".join(_strings(message.string) for message in _catalog(code) if message.id)


@cache
def catalog_words(code):
    """Every word the language's translations use (hyphenated French words are words).

    Words with an underscore are no language's: a catalog that mentions one (an API value)
    does not make it a word, so "prefer_not" shown as a label is still caught.
    """
    return {word for word in re.findall(r"[\w-]+", catalog_text(code)) if "_" not in word}


@cache
def _catalog_without_figures(code):
    return _without_figures(catalog_text(code))


def _without_figures(text):
    return " ".join(FIGURES.sub(" ", text).split())


def _strings(value):
    return "\n".join(value) if isinstance(value, (list, tuple)) else value


def page_problems(page, code):
    """The problems a reader of this language would see on the page now open."""
    facts = page.evaluate(PAGE_FACTS)
    translations = _catalog_without_figures(code)
    # The catalog's own text takes the page's direction ("PDF، 1 صفحة" in an Arabic page).
    problems = [f"{run['tag']} is {run['direction']}: {run['text'][:60]}"
                for run in facts["directions"] if _without_figures(run["text"]) not in translations]
    problems += [f"chart text crosses a bar or the edge: {text}" for text in facts["charts"]]
    if facts["overflow"] > 1:
        problems.append(f"overflows by {facts['overflow']} px: {facts['wide']}")
    if code != "en":
        problems += [f"English left: {match}"
                     for match in sorted(set(english_left_pattern(code).findall(facts["text"])))]
    # A word of the catalog is a word; a name the page shows as code elsewhere is documented.
    words = catalog_words(code) | set(re.findall(r"[\w-]+", facts["code"]))
    problems += [f"key-shaped: {token}" for token in sorted(set(KEY_SHAPED.findall(facts["text"])))
                 if token not in words]
    return problems
