// Calculators for the numeric items: as the reviewer types the observed figures, show which
// anchor they point to. Mirrors scales/ladders.py `suggest` (the server renders the same
// text when the page loads); saving is review.js's ordinary autosave of the field.
const SEPARATORS = /[;\s]+/;

function parseFigures(text) {
  const figures = [];
  for (const token of text.trim().split(SEPARATORS)) {
    if (!token) continue;
    if (!/^\d+([.,]\d{1,2})?$/.test(token)) return null;
    figures.push(Number(token.replace(",", ".")));
  }
  return figures;
}

function scoreFor(ladder, value) {
  let best = 1;
  for (const [score, bound] of ladder.steps) {
    const reached = ladder.direction === "at_least" ? value >= Number(bound) : value <= Number(bound);
    if (reached && score > best) best = score;
  }
  return best;
}

const format = (template, values) =>
  template.replace(/%\((\w+)\)s/g, (_, key) => (key in values ? String(values[key]) : ""));

function show(calculator) {
  const input = calculator.querySelector("input[data-field='observed']");
  const result = calculator.querySelector("[data-calculator-result]");
  if (!input || !result) return;
  const ladder = JSON.parse(calculator.dataset.ladder);
  const figures = parseFigures(input.value);
  result.replaceChildren();
  if (figures === null) {
    result.textContent = ladder.texts.invalid;
    return;
  }
  if (!figures.length) return;
  const mean = figures.reduce((sum, value) => sum + value, 0) / figures.length;
  const shown = (Math.round(mean * 10) / 10).toString().replace(".", ",");
  const unit = calculator.dataset.unit;
  const score = scoreFor(ladder, mean);
  const value =
    figures.length > 1
      ? format(ladder.texts.mean, { n: figures.length, value: shown, unit })
      : `${shown} ${unit}`;
  const points = document.createElement("strong");
  points.textContent = format(ladder.texts.points, { score });
  result.append(`${value} → `, points);
  const anchor = ladder.anchors[String(score)];
  if (anchor) {
    const quote = document.createElement("q");
    quote.textContent = anchor;
    result.append(": ", quote);
  }
}

document.addEventListener("input", (event) => {
  const calculator = event.target.closest?.("[data-calculator]");
  if (calculator) show(calculator);
});
