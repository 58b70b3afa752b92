//! Tables for a terminal: a bordered grid when every column fits without splitting a word,
//! otherwise one block per row (`Header: value` lines, as `kubectl describe` does). Either way
//! no line is wider than the width given, indentation included.

use std::ops::Range;

use anstyle::Style;

use super::wrap::{Lines, Part, Run, StyledStr, is_blank, measure, text_width};

/// A cell: lines, each a run of styled text.
pub(crate) type GridCell = Vec<Vec<Run>>;

/// A table to lay out, owned: for commands that build their own tables (see `table.rs`).
pub(crate) struct Grid {
    pub(crate) headers: Vec<String>,
    pub(crate) rows: Vec<Vec<GridCell>>,
    /// Rows that are something to tick get a `☐` when drawn as blocks.
    pub(crate) tickable: Vec<bool>,
}

impl Grid {
    /// The table's text as layout reads it.
    pub(crate) fn text(&self) -> GridText<'_> {
        let mut text = GridText::new(self.headers.iter().map(String::as_str).collect());
        for (index, row) in self.rows.iter().enumerate() {
            text.start_row(self.tickable.get(index).copied().unwrap_or(false));
            for cell in row {
                text.start_cell();
                for line in cell {
                    text.push_line(line.iter().map(Run::as_styled));
                }
            }
        }
        text
    }
}

/// A table's text, borrowed, as layout reads it: every run of every cell in one list, each
/// cell line a range of runs, each cell a range of lines, each row a range of cells. A table
/// has hundreds of runs; this holds them in five vectors.
#[derive(Debug, Default)]
pub(crate) struct GridText<'a> {
    headers: Vec<&'a str>,
    runs: Vec<StyledStr<'a>>,
    lines: Vec<Range<usize>>,
    cells: Vec<Range<usize>>,
    rows: Vec<Range<usize>>,
    /// Rows that are something to tick get a `☐` when drawn as blocks.
    tickable: Vec<bool>,
}

impl<'a> GridText<'a> {
    pub(crate) fn new(headers: Vec<&'a str>) -> Self {
        Self {
            headers,
            ..Self::default()
        }
    }

    /// Room for `rows` rows of `headers.len()` cells of about one line and two runs each,
    /// so a table of tens of rows is not built by repeated regrowth.
    pub(crate) fn with_room(headers: Vec<&'a str>, rows: usize) -> Self {
        let cells = rows * headers.len();
        Self {
            headers,
            runs: Vec::with_capacity(cells * 2),
            lines: Vec::with_capacity(cells),
            cells: Vec::with_capacity(cells),
            rows: Vec::with_capacity(rows),
            tickable: Vec::with_capacity(rows),
        }
    }

    /// Starts a row; cells are added to the last row started.
    pub(crate) fn start_row(&mut self, tickable: bool) {
        self.rows.push(self.cells.len()..self.cells.len());
        self.tickable.push(tickable);
    }

    /// Starts a cell of the last row; lines are added to the last cell started.
    pub(crate) fn start_cell(&mut self) {
        self.cells.push(self.lines.len()..self.lines.len());
        if let Some(row) = self.rows.last_mut() {
            row.end = self.cells.len();
        }
    }

    /// Adds a line of runs to the last cell.
    pub(crate) fn push_line(&mut self, runs: impl IntoIterator<Item = StyledStr<'a>>) {
        let start = self.runs.len();
        self.runs.extend(runs);
        self.lines.push(start..self.runs.len());
        if let Some(cell) = self.cells.last_mut() {
            cell.end = self.lines.len();
        }
    }

    fn header(&self, column: usize) -> &'a str {
        self.headers.get(column).copied().unwrap_or("")
    }

    /// The lines of the cell at `row`, `column` (none when the row is shorter).
    fn cell(&self, row: usize, column: usize) -> impl Iterator<Item = &[StyledStr<'a>]> + Clone {
        let row = &self.rows[row];
        let lines = if column < row.len() {
            self.cells[row.start + column].clone()
        } else {
            0..0
        };
        lines.map(|line| &self.runs[self.lines[line].clone()])
    }
}

/// How a grid is drawn.
#[derive(Clone, Copy)]
pub(crate) struct GridStyle {
    pub(crate) header: Style,
    /// The first cell of a row when the row becomes a block.
    pub(crate) row_title: Style,
}

/// Columns taken by borders and padding: `│ ` + ` ┆ ` between cells + ` │`.
fn chrome(columns: usize) -> usize {
    3 * columns + 1
}

/// How a table is drawn: a grid with these column widths, or one block per row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Shape {
    Grid(Vec<usize>),
    Blocks,
}

/// The table laid out at `indent` within `width` columns.
pub(crate) fn layout(grid: &GridText<'_>, indent: usize, width: usize, style: GridStyle, out: &mut Lines) {
    let shape = shape(&[grid], indent, width);
    layout_as(grid, &shape, indent, width, style, out);
}

/// `grid` drawn in `shape` (from [`shape`]).
pub(crate) fn layout_as(
    grid: &GridText<'_>,
    shape: &Shape,
    indent: usize,
    width: usize,
    style: GridStyle,
    out: &mut Lines,
) {
    match shape {
        Shape::Grid(widths) => bordered(grid, widths, indent, style, out),
        Shape::Blocks => blocks(grid, columns(&[grid]), indent, width, style, out),
    }
}

fn columns(grids: &[&GridText<'_>]) -> usize {
    grids
        .iter()
        .flat_map(|grid| grid.rows.iter().map(Range::len).chain([grid.headers.len()]))
        .max()
        .unwrap_or(0)
}

/// One shape for `grids` together (tables with the same columns shown one after another),
/// so they line up: a grid when every column fits readably, else blocks.
pub(crate) fn shape(grids: &[&GridText<'_>], indent: usize, width: usize) -> Shape {
    let columns = columns(grids);
    if columns == 0 {
        return Shape::Blocks;
    }
    match column_widths(grids, columns, width.saturating_sub(indent)) {
        Some(widths) => Shape::Grid(widths),
        None => Shape::Blocks,
    }
}

/// A column squeezed below this many columns (when its text is wider) reads as a stack of
/// single words: then the table becomes blocks instead.
const READABLE_COLUMN: usize = 16;

/// What a column needs: room for its widest word and, below its cells' natural width, enough
/// to read as text (a header may wrap to its words).
fn needed(least: usize, content: usize) -> usize {
    least.max(content.min(READABLE_COLUMN))
}

/// Widths for each column so the grids fit in `available` columns with no word split and no
/// column squeezed unreadably, or `None` when they cannot.
fn column_widths(grids: &[&GridText<'_>], columns: usize, available: usize) -> Option<Vec<usize>> {
    let available = available.checked_sub(chrome(columns))?;
    // The narrowest each column can be without splitting a word (headers included), the
    // widest its cells are on one line, and the widest it would use with headers on one line.
    let mut least = vec![1; columns];
    let mut content = vec![1; columns];
    let mut most = vec![1; columns];
    for grid in grids {
        for column in 0..columns {
            let (header_least, header_natural) = measure(&[StyledStr::plain(grid.header(column))]);
            least[column] = least[column].max(header_least);
            most[column] = most[column].max(header_natural);
        }
    }
    for grid in grids {
        for row in 0..grid.rows.len() {
            for column in 0..columns {
                for line in grid.cell(row, column) {
                    let (line_least, line_natural) = measure(line);
                    least[column] = least[column].max(line_least);
                    content[column] = content[column].max(line_natural);
                }
            }
            // What the columns need only grows row by row: once it is too much, no later row
            // can make the grid fit, and the rest need not be measured.
            if (0..columns)
                .map(|column| needed(least[column], content[column]))
                .sum::<usize>()
                > available
            {
                return None;
            }
        }
    }
    for column in 0..columns {
        most[column] = most[column].max(content[column]);
    }
    let needed: Vec<usize> = (0..columns)
        .map(|column| needed(least[column], content[column]))
        .collect();
    let total: usize = needed.iter().sum();
    // Start every column at what it needs, then share what is left among the columns that
    // still want more, in proportion to how much more each wants.
    let mut widths = needed;
    let spare = available - total;
    let wants: Vec<usize> = (0..columns).map(|column| most[column] - widths[column]).collect();
    let wanted: usize = wants.iter().sum();
    if wanted <= spare {
        return Some(most);
    }
    // A single row that would wrap reads better as one block than as a squeezed grid.
    if grids.iter().map(|grid| grid.rows.len()).sum::<usize>() == 1 {
        return None;
    }
    let mut given = 0;
    for column in 0..columns {
        let share = spare * wants[column] / wanted;
        widths[column] += share;
        given += share;
    }
    // What rounding left over goes one column at a time to those still short.
    let mut short: Vec<usize> = (0..columns).filter(|&column| widths[column] < most[column]).collect();
    short.sort_by_key(|&column| std::cmp::Reverse(most[column] - widths[column]));
    for column in short.into_iter().cycle().take(spare - given) {
        widths[column] += 1;
    }
    Some(widths)
}

fn border(out: &mut Lines, indent: usize, widths: &[usize], [left, fill, middle, right]: [&str; 4]) {
    out.spaces(indent);
    out.push(left, Style::new(), 1);
    for (column, width) in widths.iter().enumerate() {
        if column > 0 {
            out.push(middle, Style::new(), 1);
        }
        out.repeat(fill, 1, width + 2);
    }
    out.push(right, Style::new(), 1);
    out.end_line();
}

/// One grid row from its cells, already wrapped into `cells` (the lines of column `c` are
/// `ranges[c]`): side by side, each padded to its column, as tall as the tallest.
fn grid_row(cells: &Lines, ranges: &[Range<usize>], widths: &[usize], indent: usize, out: &mut Lines) {
    let height = ranges.iter().map(Range::len).max().unwrap_or(0).max(1);
    for line in 0..height {
        out.spaces(indent);
        out.push("│ ", Style::new(), 2);
        for (column, width) in widths.iter().enumerate() {
            if column > 0 {
                out.push(" ┆ ", Style::new(), 3);
            }
            let index = ranges[column].start + line;
            let used = if index < ranges[column].end {
                out.push_line_of(cells, index);
                cells.line(index).1
            } else {
                0
            };
            out.spaces(width.saturating_sub(used));
        }
        out.push(" │", Style::new(), 2);
        out.end_line();
    }
}

fn bordered(grid: &GridText<'_>, widths: &[usize], indent: usize, style: GridStyle, out: &mut Lines) {
    border(out, indent, widths, ["┌", "─", "┬", "┐"]);
    // Each row's cells are wrapped into one scratch buffer, reused row after row.
    let mut cells = out.alike();
    let mut ranges: Vec<Range<usize>> = Vec::with_capacity(widths.len());
    for (column, width) in widths.iter().enumerate() {
        let start = cells.len();
        cells.wrap(&[StyledStr::styled(grid.header(column), style.header)], *width);
        ranges.push(start..cells.len());
    }
    grid_row(&cells, &ranges, widths, indent, out);
    border(out, indent, widths, ["╞", "═", "╪", "╡"]);
    for row in 0..grid.rows.len() {
        cells.clear();
        ranges.clear();
        for (column, width) in widths.iter().enumerate() {
            let start = cells.len();
            for line in grid.cell(row, column) {
                cells.wrap(line, *width);
            }
            ranges.push(start..cells.len());
        }
        grid_row(&cells, &ranges, widths, indent, out);
    }
    border(out, indent, widths, ["└", "─", "┴", "┘"]);
}

/// Each row as a block: its first cell as a title, then `Header: value` for the others.
fn blocks(grid: &GridText<'_>, columns: usize, indent: usize, width: usize, style: GridStyle, out: &mut Lines) {
    let label_width = (1..columns)
        .map(|column| text_width(grid.header(column)) + 1)
        .max()
        .unwrap_or(0);
    let field_indent = indent + 2;
    // Values start after the widest label, unless that leaves them too little room: then each
    // value goes under its label.
    let beside = width.saturating_sub(field_indent + label_width + 1) >= MIN_VALUE_WIDTH;
    let mut titled: Vec<StyledStr<'_>> = Vec::new();
    for row in 0..grid.rows.len() {
        let tick = grid.tickable.get(row).copied().unwrap_or(false);
        let mut title_done = false;
        for column in 0..columns {
            let content = grid.cell(row, column);
            if content.clone().all(is_blank) {
                continue;
            }
            let header = grid.header(column);
            if !title_done {
                title_done = true;
                for (line_index, line) in content.enumerate() {
                    titled.clear();
                    titled.extend(line.iter().map(|run| StyledStr {
                        style: if run.style == Style::new() {
                            style.row_title
                        } else {
                            run.style
                        },
                        ..*run
                    }));
                    // A row to tick starts with a box and its text hangs after it; any other
                    // row's title starts at the table's indent, its fields two columns in.
                    let boxed = [Part::Spaces(indent), Part::Text("☐ ", Style::new())];
                    let (prefix, hang): (&[Part<'_>], usize) = match (tick, line_index) {
                        (true, 0) => (&boxed, indent + 2),
                        (true, _) => (&[Part::Spaces(indent + 2)], indent + 2),
                        (false, _) => (&[Part::Spaces(indent)], indent),
                    };
                    out.hanging(prefix, &titled, hang, width);
                }
                continue;
            }
            // The label is `Header:`, written as one piece; an empty header has an empty label.
            let label: &[Part<'_>] = if header.is_empty() {
                &[Part::Text("", style.header)]
            } else {
                &[Part::Text(header, style.header), Part::Text(":", style.header)]
            };
            let label_columns = if header.is_empty() { 0 } else { text_width(header) + 1 };
            if beside {
                let value_indent = field_indent + label_width + 1;
                for (index, line) in content.enumerate() {
                    if index == 0 {
                        // Indent, label (one or two parts), padding: on the stack, as every
                        // field of every row starts so.
                        let mut prefix = [
                            Part::Spaces(field_indent),
                            Part::Spaces(0),
                            Part::Spaces(0),
                            Part::Spaces(0),
                        ];
                        prefix[1..=label.len()].copy_from_slice(label);
                        prefix[label.len() + 1] = Part::Spaces(value_indent - field_indent - label_columns);
                        out.hanging(&prefix[..label.len() + 2], line, value_indent, width);
                    } else {
                        out.hanging(&[Part::Spaces(value_indent)], line, value_indent, width);
                    }
                }
            } else {
                if !header.is_empty() {
                    let label_runs = [
                        StyledStr::styled(header, style.header),
                        StyledStr::styled(":", style.header),
                    ];
                    out.hanging(&[Part::Spaces(field_indent)], &label_runs, field_indent, width);
                }
                for line in content {
                    out.hanging(&[Part::Spaces(field_indent + 2)], line, field_indent + 2, width);
                }
            }
        }
    }
}

/// The narrowest a value column beside its labels may be.
const MIN_VALUE_WIDTH: usize = 12;

#[cfg(test)]
mod tests {
    use super::*;

    const STYLE: GridStyle = GridStyle {
        header: Style::new(),
        row_title: Style::new(),
    };

    fn text(grid: &Grid, indent: usize, width: usize) -> Vec<String> {
        let mut lines = Lines::new();
        layout(&grid.text(), indent, width, STYLE, &mut lines);
        lines.into_text().lines().map(str::to_owned).collect()
    }

    fn grid() -> Grid {
        Grid {
            headers: vec!["Scope".to_owned(), "Need".to_owned()],
            rows: vec![
                vec![
                    vec![vec![Run::plain("harvest:jobs:list")]],
                    vec![vec![Run::plain("required")]],
                ],
                vec![
                    vec![vec![Run::plain("harvest:users:list")]],
                    vec![vec![Run::plain("optional")]],
                ],
            ],
            tickable: vec![true, false],
        }
    }

    #[test]
    fn a_table_that_fits_is_a_grid_at_its_natural_width() {
        assert_eq!(
            text(&grid(), 2, 80),
            [
                "  ┌────────────────────┬──────────┐",
                "  │ Scope              ┆ Need     │",
                "  ╞════════════════════╪══════════╡",
                "  │ harvest:jobs:list  ┆ required │",
                "  │ harvest:users:list ┆ optional │",
                "  └────────────────────┴──────────┘",
            ]
        );
    }

    #[test]
    fn a_table_too_wide_becomes_one_block_per_row() {
        assert_eq!(
            text(&grid(), 2, 30),
            [
                "  ☐ harvest:jobs:list",
                "    Need: required",
                "  harvest:users:list",
                "    Need: optional"
            ]
        );
    }

    #[test]
    fn no_line_is_wider_than_the_width_at_any_width() {
        let long = "The Endpoint URL provided by the partner's onboarding team, the same for every web hook.";
        let grid = Grid {
            headers: vec!["When".to_owned(), "Endpoint URL".to_owned(), "action".to_owned()],
            rows: vec![vec![
                vec![vec![Run::plain("Candidate has been hired")]],
                vec![vec![Run::plain(long)]],
                vec![vec![Run::plain("hire_candidate")]],
            ]],
            tickable: Vec::new(),
        };
        for width in 20..=200 {
            for line in text(&grid, 2, width) {
                assert!(text_width(&line) <= width, "{width}: {line:?}");
            }
        }
    }

    #[test]
    fn rows_shorter_than_the_headers_leave_their_cells_empty() {
        let grid = Grid {
            headers: vec!["A".to_owned(), "B".to_owned()],
            rows: vec![vec![vec![vec![Run::plain("only")]]], Vec::new()],
            tickable: Vec::new(),
        };
        assert_eq!(
            text(&grid, 0, 80),
            [
                "┌──────┬───┐",
                "│ A    ┆ B │",
                "╞══════╪═══╡",
                "│ only ┆   │",
                "│      ┆   │",
                "└──────┴───┘",
            ]
        );
    }
}
