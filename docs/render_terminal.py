#!/usr/bin/env python3
"""Renders docs/src/images/terminal.png, the README screenshot, from a real terminal capture.

Needs tmux, jq, ImageMagick 6 (`convert`) and the DejaVu fonts
(`apt-get install tmux jq imagemagick fonts-dejavu-core`). From the repository root, after
`cargo build --release`:

    python3 docs/render_terminal.py

It runs the commands below in a 150-column tmux pane with an empty configuration, captures the
pane with its colours, and draws it: prompts green, dimmed text grey, the rest light grey.
"""

import os
import re
import subprocess
import tempfile
import time

COMMANDS = [
    "posture tip",
    "posture tip --lang nl --kind micro",
    "posture simulate docs/examples/workday.jsonl | jq -c 'del(.text)' | head -n 10",
]
CONVERT = "/usr/bin/convert" if os.path.exists("/usr/bin/convert") else "convert"


def capture(root: str) -> list[str]:
    home = tempfile.mkdtemp(prefix="posture-shot-")
    path = f"{root}/target/release:/usr/bin:/bin"
    shell = f"env -i HOME={home} TERM=xterm-256color LANG=en_US.UTF-8 PATH={path} PS1='$ ' bash --norc --noprofile"
    subprocess.run(["tmux", "new-session", "-d", "-s", "posture-shot", "-x", "150", "-y", "60", shell], check=True)
    try:
        time.sleep(1)
        for keys in [f"cd {root}", "clear"] + COMMANDS:
            subprocess.run(["tmux", "send-keys", "-t", "posture-shot", keys, "Enter"], check=True)
            time.sleep(0.7)
        out = subprocess.run(["tmux", "capture-pane", "-e", "-p", "-t", "posture-shot"], check=True,
                             capture_output=True, text=True).stdout
    finally:
        subprocess.run(["tmux", "kill-session", "-t", "posture-shot"], check=False)
    lines = out.split("\n")
    while lines and not lines[-1].strip():
        lines.pop()
    return lines


def render(lines: list[str], target: str) -> None:
    pt, lh, cw, pad = 15, 20, 9.05, 18
    rows = [(re.sub(r"\x1b\[[0-9;]*m", "", l), l.startswith("\x1b[2m")) for l in lines]
    width = int(pad * 2 + max(len(t) for t, _ in rows) * cw) + 4
    height = pad * 2 + lh * len(rows)
    args = [CONVERT, "-size", f"{width}x{height}", "xc:#1e1e1e", "-font", "DejaVu-Sans-Mono", "-pointsize", str(pt)]

    def text(x: int, y: int, colour: str, s: str) -> None:
        args.extend(["-fill", colour, "-annotate", f"+{x}+{y}", s.replace("\\", "\\\\").replace("%", "%%")])

    for i, (line, dim) in enumerate(rows):
        y = pad + lh * i + 15
        if line.startswith("$ "):
            text(pad, y, "#7ec07e", "$")
            if line[2:]:
                text(pad + int(2 * cw), y, "#ffffff", line[2:])
        else:
            text(pad, y, "#8a8a8a" if dim else "#d4d4d4", line)
    args.extend(["-colors", "64", f"PNG8:{target}"])
    subprocess.run(args, check=True)


if __name__ == "__main__":
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    render(capture(root), os.path.join(root, "docs", "src", "images", "terminal.png"))
