#!/usr/bin/python3
"""Merges the JSON reports of one bench side's rounds (whisper-bench.sh, ROUNDS > 1) into one: each number
is the median of that number over the rounds, a true/false check is true if it was in every round,
anything else is the first round's, and "rounds" says how many were merged.

    median_of_rounds.py ROUND.json... > MERGED.json
"""
import json
import statistics
import sys


def merge(values):
    first = values[0]
    if isinstance(first, bool):  # a check ("same_tokens", "verifies") holds only if it held in every round
        return all(v is True for v in values)
    if first is None or isinstance(first, str):
        return first
    if isinstance(first, (int, float)):
        numbers = [v for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)]
        return statistics.median(numbers) if len(numbers) == len(values) else first
    if isinstance(first, dict):
        return {key: merge([v[key] for v in values if isinstance(v, dict) and key in v]) for key in first}
    if isinstance(first, list):
        if all(isinstance(v, list) and len(v) == len(first) for v in values):
            return [merge([v[i] for v in values]) for i in range(len(first))]
        return first
    return first


def main():
    rounds = [json.load(open(path)) for path in sys.argv[1:]]
    if not rounds:
        sys.exit("median_of_rounds.py: no round files given")
    merged = merge(rounds)
    if isinstance(merged, dict):
        merged["rounds"] = len(rounds)
    json.dump(merged, sys.stdout)


if __name__ == "__main__":
    main()
