#!/usr/bin/env python3
"""Prints each failed test of the given TRX files with the first lines of its message and stack trace.

The test log streams thousands of lines and CI keeps only its tail; this summary is printed just before the final
`tests:` line so that whoever reads the tail sees which test failed and why.
"""
import sys
import xml.etree.ElementTree as ET

NS = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
FAILED = {"Failed", "Error", "Timeout", "Aborted"}


def first_lines(text, n):
    lines = [line.rstrip() for line in (text or "").strip().splitlines() if line.strip()]
    return lines[:n]


for path in sys.argv[1:]:
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as error:
        print(f"ci: cannot read {path}: {error}")
        continue
    for result in root.iterfind(".//t:UnitTestResult", NS):
        if result.get("outcome") not in FAILED:
            continue
        print(f"ci: FAILED {result.get('testName')} ({result.get('duration')})")
        for line in first_lines(result.findtext(".//t:ErrorInfo/t:Message", default="", namespaces=NS), 12):
            print(f"ci:   {line[:400]}")
        for line in first_lines(result.findtext(".//t:ErrorInfo/t:StackTrace", default="", namespaces=NS), 6):
            print(f"ci:   {line[:400]}")
