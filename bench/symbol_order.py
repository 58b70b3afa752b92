#!/usr/bin/env python3
"""Writes build/startup_symbols.txt from callgrind runs of a stripped release binary and the
linker's map of that binary (see bench/symbol_order.sh, which runs this).

    symbol_order.py BINARY_NAME MAP OUT CALLGRIND_FILE...

Every instruction callgrind saw run in the binary is placed in the input section that holds it
(`.text.<symbol>` in LLD's map); the ordering file lists those symbols in blocks, one per run
in the order given, each block the functions that run first saw: the start every command
shares comes first and the commonest command's code next to it.
Callgrind writes an object's instruction addresses as the object's own (link-time) addresses,
which are the map's.
"""

import bisect
import re
import sys

HEADER = """\
# Functions atsctl runs at start-up and in its common commands, in blocks by the command that
# first runs them: LLD places them together, in this order (--symbol-ordering-file), so a run
# touches a few windows of code instead of dozens.
# Written by bench/symbol_order.sh; build/startup_order.rs says why and when it is used.
# Names are this toolchain's and these dependencies': a name not in the build is skipped.
"""


# LLVM puts a function it judges cold, hot or run once in `.text.unlikely.<symbol>`,
# `.text.hot.<symbol>`, `.text.startup.<symbol>`; LLD still orders it by its symbol.
SECTION_PREFIXES = ("unlikely.", "hot.", "startup.", "exit.", "split.")


def symbol_of(section_suffix):
    """The symbol of the section `.text.<section_suffix>`."""
    for prefix in SECTION_PREFIXES:
        if section_suffix.startswith(prefix):
            return section_suffix[len(prefix):]
    return section_suffix


def text_sections(map_path):
    """(start, end, symbol) of every `.text.<symbol>` input section, sorted by start."""
    sections = []
    # LLD: "     VMA      LMA     Size Align Out     In      Symbol", input sections as
    # "<vma> <lma> <size> <align>         <object>:(.text.<symbol>)".
    line_re = re.compile(r"^\s*([0-9a-f]+)\s+[0-9a-f]+\s+([0-9a-f]+)\s+\d+\s+\S.*:\(\.text\.(\S+)\)$")
    with open(map_path, encoding="utf-8", errors="replace") as lines:
        for line in lines:
            match = line_re.match(line.rstrip("\n"))
            if match:
                start, size = int(match.group(1), 16), int(match.group(2), 16)
                if size:
                    sections.append((start, start + size, symbol_of(match.group(3))))
    sections.sort()
    return sections


def executed_addresses(callgrind_path, binary_name):
    """Addresses of the instructions run in `binary_name`, in the order the file lists them.

    Callgrind's cost lines start with the instruction's position: `0x…` absolute, `+n`/`-n`
    relative to the last one, `*` the same (callgrind's format, `--dump-instr=yes`)."""
    objects = {}
    in_binary = False
    address = 0
    with open(callgrind_path, encoding="utf-8", errors="replace") as lines:
        for line in lines:
            if line.startswith("ob="):
                match = re.match(r"ob=\((\d+)\)(?: (.*))?", line.rstrip("\n"))
                if match.group(2):
                    objects[match.group(1)] = match.group(2)
                in_binary = objects.get(match.group(1), "").endswith("/" + binary_name)
                continue
            if line.startswith("cob="):
                match = re.match(r"cob=\((\d+)\)(?: (.*))?", line.rstrip("\n"))
                if match and match.group(2):
                    objects[match.group(1)] = match.group(2)
                continue
            first = line.split(" ", 1)[0]
            if not first or first[0] not in "0123456789+-*" or "=" in first:
                continue
            if first.startswith("0x"):
                address = int(first, 16)
            elif first[0] in "+-":
                address += int(first, 0) if first[0] == "+" else -int(first[1:], 0)
            if in_binary:
                yield address


def command_of(callgrind_path):
    """The command line callgrind ran (its `cmd:` line), without the binary's path."""
    with open(callgrind_path, encoding="utf-8", errors="replace") as lines:
        for line in lines:
            if line.startswith("cmd:"):
                words = line[len("cmd:"):].split()
                return "atsctl " + " ".join(words[1:])
    return callgrind_path


def main():
    binary_name, map_path, out_path, *callgrind_paths = sys.argv[1:]
    sections = text_sections(map_path)
    starts = [start for start, _, _ in sections]
    groups, seen, missed = [], set(), 0
    for path in callgrind_paths:
        group = []
        for address in executed_addresses(path, binary_name):
            index = bisect.bisect_right(starts, address) - 1
            if index < 0 or address >= sections[index][1]:
                missed += 1
                continue
            symbol = sections[index][2]
            if symbol not in seen:
                seen.add(symbol)
                group.append(symbol)
        # Sorted within a command: the order inside one command's block hardly matters (all of
        # it runs), and a sorted block keeps the file's diff to what really changed.
        groups.append((command_of(path), sorted(group)))
    if not seen:
        sys.exit("no executed function found in the map: is it the map of the binary callgrind ran?")
    with open(out_path, "w", encoding="utf-8") as out:
        out.write(HEADER)
        for command, group in groups:
            out.write(f"# first run by `{command}`: {len(group)}\n")
            for symbol in group:
                out.write(symbol + "\n")
    print(f"{len(seen)} functions; {missed} instructions run outside any .text.<symbol> section (PLT, start files)")


if __name__ == "__main__":
    main()
