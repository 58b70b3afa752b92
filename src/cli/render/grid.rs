//! Tables for a terminal: a bordered grid when every column fits without splitting a word,
//! otherwise one block per row (`Header: value` lines, as `kubectl describe` does). Either way
//! no line is wider than the width given, indentation included.

use anstyle::Style;

use super::wrap::{Line, Piece, Run, hanging, line_width, measure, natural_width, text_width, wrap};

/// A cell: lines, each a run of styled text.
pub(crate) type GridCell = Vec<Vec<Run>>;

/// A table to lay out: headers and rows of cells.
pub(crate) struct Grid {
    pub(crate) headers: Vec<String>,
    pub(crate) rows: Vec<Vec<GridCell>>,
    /// Rows that are something to tick get a `☐` when drawn as blocks.
    pub(crate) tickable: Vec<bool>,
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
pub(crate) fn layout(grid: &Grid, indent: usize, width: usize, style: GridStyle) -> Vec<Line> {
    let shape = shape(&[grid], indent, width);
    layout_as(grid, &shape, indent, width, style)
}

/// `grid` drawn in `shape` (from [`shape`]).
pub(crate) fn layout_as(grid: &Grid, shape: &Shape, indent: usize, width: usize, style: GridStyle) -> Vec<Line> {
    match shape {
        Shape::Grid(widths) => bordered(grid, widths, indent, style),
        Shape::Blocks => blocks(grid, columns(&[grid]), indent, width, style),
    }
}

fn columns(grids: &[&Grid]) -> usize {
    grids
        .iter()
        .flat_map(|grid| grid.rows.iter().map(Vec::len).chain([grid.headers.len()]))
        .max()
        .unwrap_or(0)
}

/// One shape for `grids` together (tables with the same columns shown one after another),
/// so they line up: a grid when every column fits readably, else blocks.
pub(crate) fn shape(grids: &[&Grid], indent: usize, width: usize) -> Shape {
    let columns = columns(grids);
    if columns == 0 {
        return Shape::Blocks;
    }
    match column_widths(grids, columns, width.saturating_sub(indent)) {
        Some(widths) => Shape::Grid(widths),
        None => Shape::Blocks,
    }
}

fn header_runs(grid: &Grid, column: usize) -> Vec<Run> {
    vec![Run::plain(grid.headers.get(column).map_or("", String::as_str))]
}

fn cell(row: &[GridCell], column: usize) -> &[Vec<Run>] {
    row.get(column).map_or(&[], Vec::as_slice)
}

/// A column squeezed below this many columns (when its text is wider) reads as a stack of
/// single words: then the table becomes blocks instead.
const READABLE_COLUMN: usize = 16;

/// Widths for each column so the grids fit in `available` columns with no word split and no
/// column squeezed unreadably, or `None` when they cannot.
fn column_widths(grids: &[&Grid], columns: usize, available: usize) -> Option<Vec<usize>> {
    let available = available.checked_sub(chrome(columns))?;
    // The narrowest each column can be without splitting a word (headers included), the
    // widest its cells are on one line, and the widest it would use with headers on one line.
    let mut least = vec![1; columns];
    let mut content = vec![1; columns];
    let mut most = vec![1; columns];
    for grid in grids {
        for column in 0..columns {
            let (header_least, header_natural) = measure(&header_runs(grid, column));
            least[column] = least[column].max(header_least);
            most[column] = most[column].max(header_natural);
            for row in &grid.rows {
                for line in cell(row, column) {
                    let (line_least, line_natural) = measure(line);
                    least[column] = least[column].max(line_least);
                    content[column] = content[column].max(line_natural);
                }
            }
            most[column] = most[column].max(content[column]);
        }
    }
    // Below its cells' natural width, a column needs enough room to read as text; a header
    // may wrap to its words.
    let needed: Vec<usize> = (0..columns)
        .map(|column| least[column].max(content[column].min(READABLE_COLUMN)))
        .collect();
    let total: usize = needed.iter().sum();
    if total > available {
        return None;
    }
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

fn plain_piece(text: String) -> Piece {
    Piece {
        text,
        style: Style::new(),
    }
}

fn border(indent: usize, widths: &[usize], left: &str, fill: &str, middle: &str, right: &str) -> Line {
    let inner: Vec<String> = widths.iter().map(|width| fill.repeat(width + 2)).collect();
    vec![plain_piece(format!(
        "{}{left}{}{right}",
        " ".repeat(indent),
        inner.join(middle)
    ))]
}

/// One grid row: every cell wrapped to its column, side by side, padded to the tallest.
fn grid_row(cells: Vec<Vec<Line>>, widths: &[usize], indent: usize) -> Vec<Line> {
    let height = cells.iter().map(Vec::len).max().unwrap_or(0).max(1);
    let mut cells: Vec<std::vec::IntoIter<Line>> = cells.into_iter().map(Vec::into_iter).collect();
    (0..height)
        .map(|_| {
            let mut line = vec![plain_piece(format!("{}│ ", " ".repeat(indent)))];
            for (column, width) in widths.iter().enumerate() {
                if column > 0 {
                    line.push(plain_piece(" ┆ ".to_owned()));
                }
                let content = cells.get_mut(column).and_then(Iterator::next).unwrap_or_default();
                let used = line_width(&content);
                line.extend(content);
                line.push(plain_piece(" ".repeat(width.saturating_sub(used))));
            }
            line.push(plain_piece(" │".to_owned()));
            line
        })
        .collect()
}

fn wrapped_cell(lines: &[Vec<Run>], width: usize) -> Vec<Line> {
    lines.iter().flat_map(|line| wrap(line, width)).collect()
}

fn bordered(grid: &Grid, widths: &[usize], indent: usize, style: GridStyle) -> Vec<Line> {
    let mut lines = vec![border(indent, widths, "┌", "─", "┬", "┐")];
    let headers: Vec<Vec<Line>> = widths
        .iter()
        .enumerate()
        .map(|(column, width)| {
            let text = grid.headers.get(column).map_or("", String::as_str);
            wrap(&[Run::styled(text, style.header)], *width)
        })
        .collect();
    lines.extend(grid_row(headers, widths, indent));
    lines.push(border(indent, widths, "╞", "═", "╪", "╡"));
    for row in &grid.rows {
        let cells: Vec<Vec<Line>> = widths
            .iter()
            .enumerate()
            .map(|(column, width)| wrapped_cell(cell(row, column), *width))
            .collect();
        lines.extend(grid_row(cells, widths, indent));
    }
    lines.push(border(indent, widths, "└", "─", "┴", "┘"));
    lines
}

/// Each row as a block: its first cell as a title, then `Header: value` for the others.
fn blocks(grid: &Grid, columns: usize, indent: usize, width: usize, style: GridStyle) -> Vec<Line> {
    let pad = |columns: usize| plain_piece(" ".repeat(columns));
    let label_width = (1..columns)
        .map(|column| text_width(grid.headers.get(column).map_or("", String::as_str)) + 1)
        .max()
        .unwrap_or(0);
    let field_indent = indent + 2;
    // Values start after the widest label, unless that leaves them too little room: then each
    // value goes under its label.
    let beside = width.saturating_sub(field_indent + label_width + 1) >= MIN_VALUE_WIDTH;
    let mut lines = Vec::new();
    for (index, row) in grid.rows.iter().enumerate() {
        let tick = grid.tickable.get(index).copied().unwrap_or(false);
        let mut title_done = false;
        for column in 0..columns {
            let content = cell(row, column);
            if content.iter().all(|line| natural_width(line) == 0) {
                continue;
            }
            let header = grid.headers.get(column).map_or("", String::as_str);
            if !title_done {
                title_done = true;
                for (line_index, line) in content.iter().enumerate() {
                    let titled: Vec<Run> = line
                        .iter()
                        .map(|run| Run {
                            style: if run.style == Style::new() {
                                style.row_title
                            } else {
                                run.style
                            },
                            ..run.clone()
                        })
                        .collect();
                    // A row to tick starts with a box and its text hangs after it; any other
                    // row's title starts at the table's indent, its fields two columns in.
                    let (prefix, hang) = match (tick, line_index) {
                        (true, 0) => (vec![pad(indent), plain_piece("☐ ".to_owned())], indent + 2),
                        (true, _) => (vec![pad(indent + 2)], indent + 2),
                        (false, _) => (vec![pad(indent)], indent),
                    };
                    lines.extend(hanging(prefix, &titled, hang, width));
                }
                continue;
            }
            let label = if header.is_empty() {
                String::new()
            } else {
                format!("{header}:")
            };
            if beside {
                let value_indent = field_indent + label_width + 1;
                for (index, line) in content.iter().enumerate() {
                    let prefix = if index == 0 {
                        vec![
                            pad(field_indent),
                            Piece {
                                text: label.clone(),
                                style: style.header,
                            },
                            pad(value_indent - field_indent - text_width(&label)),
                        ]
                    } else {
                        vec![pad(value_indent)]
                    };
                    lines.extend(hanging(prefix, line, value_indent, width));
                }
            } else {
                if !label.is_empty() {
                    lines.extend(hanging(
                        vec![pad(field_indent)],
                        &[Run::styled(label, style.header)],
                        field_indent,
                        width,
                    ));
                }
                for line in content {
                    lines.extend(hanging(vec![pad(field_indent + 2)], line, field_indent + 2, width));
                }
            }
        }
    }
    lines
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

    fn text(lines: &[Line]) -> Vec<String> {
        lines
            .iter()
            .map(|line| line.iter().map(|piece| piece.text.as_str()).collect())
            .collect()
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
        let lines = text(&layout(&grid(), 2, 80, STYLE));
        assert_eq!(
            lines,
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
        let lines = text(&layout(&grid(), 2, 30, STYLE));
        assert_eq!(
            lines,
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
            for line in layout(&grid, 2, width, STYLE) {
                assert!(
                    line_width(&line) <= width,
                    "{width}: {:?}",
                    text(std::slice::from_ref(&line))
                );
            }
        }
    }
}
