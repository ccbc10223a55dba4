"""Normalising what the user typed and what the model's samples say, so the two can be compared.

Both sides go through the same function: lowercase, curly quotes made straight, punctuation
dropped (apostrophes kept), contractions expanded ("i've" → "i have", "can't" → "can not") and
digits spelled out ("10" → "ten"), because Alexa hears words, not characters.
"""
from __future__ import annotations

import re
from typing import List, Tuple, Union

CONTRACTIONS = {
    "i'm": "i am", "i've": "i have", "i'll": "i will", "i'd": "i would",
    "you're": "you are", "you've": "you have", "you'll": "you will", "you'd": "you would",
    "we're": "we are", "we've": "we have", "we'll": "we will", "we'd": "we would",
    "they're": "they are", "they've": "they have", "they'll": "they will",
    "he's": "he is", "she's": "she is", "it's": "it is", "that's": "that is",
    "what's": "what is", "where's": "where is", "how's": "how is", "who's": "who is",
    "there's": "there is", "here's": "here is", "let's": "let us",
    "can't": "can not", "cannot": "can not", "won't": "will not", "don't": "do not",
    "doesn't": "does not", "didn't": "did not", "isn't": "is not", "aren't": "are not",
    "wasn't": "was not", "weren't": "were not", "hasn't": "has not", "haven't": "have not",
    "hadn't": "had not", "shouldn't": "should not", "wouldn't": "would not",
    "couldn't": "could not", "mustn't": "must not", "ain't": "is not",
    "wanna": "want to", "gonna": "going to", "gotta": "got to",
    # Typed without the apostrophe (and not words of their own).
    "im": "i am", "ive": "i have", "dont": "do not", "doesnt": "does not", "didnt": "did not",
    "isnt": "is not", "arent": "are not", "wasnt": "was not", "whats": "what is",
    "thats": "that is", "theres": "there is", "hows": "how is", "wheres": "where is",
    "youre": "you are", "theyre": "they are", "havent": "have not", "hasnt": "has not",
    "couldnt": "could not", "shouldnt": "should not", "wouldnt": "would not",
}

_ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
         "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
         "eighteen", "nineteen"]
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def number_to_words(n: int) -> str:
    """12 → "twelve", 125 → "one hundred twenty five" (as Alexa would hear it)."""
    if n < 20:
        return _ONES[n]
    if n < 100:
        return _TENS[n // 10] + ("" if n % 10 == 0 else " " + _ONES[n % 10])
    for size, word in ((1_000_000, "million"), (1000, "thousand"), (100, "hundred")):
        if n >= size:
            head, rest = divmod(n, size)
            return f"{number_to_words(head)} {word}" + (f" {number_to_words(rest)}" if rest else "")
    raise AssertionError(n)


def _spell_digits(match: "re.Match[str]") -> str:
    digits = match.group(0)
    spoken = number_to_words(int(digits)) if len(digits) <= 9 else " ".join(_ONES[int(d)] for d in digits)
    return f" {spoken} "


Token = Tuple[str, List[str]]   # (the word as typed, lowercased; the normalised words it stands for)


def tokenize(text: str) -> List[Token]:
    """The words of a text, each with its normalised form ("I've" → ("i've", ["i", "have"]))."""
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'").replace("&", " and ")
    text = re.sub(r"(?<=\d)[.,](?=\d)", " point ", text)
    text = re.sub(r"[^\w\s']|_", " ", text)                 # punctuation, hyphens, periods
    tokens: List[Token] = []
    for word in text.split():
        word = word.strip("'")
        if word:
            expanded = re.sub(r"\d+", _spell_digits, CONTRACTIONS.get(word, word))
            tokens.append((word, expanded.split()))
    return tokens


def normalise(text: str) -> str:
    """Lowercase words separated by single spaces, as both utterances and samples are compared."""
    return " ".join(word for _, words in tokenize(text) for word in words)


def clean(text: str) -> str:
    """The words as typed, lowercased and without punctuation (contractions kept)."""
    return " ".join(word for word, _ in tokenize(text))


Part = Tuple[str, str]          # ("lit", word) or ("slot", slot name)


class SampleSyntaxError(ValueError):
    """A sample utterance whose braces do not form valid {slot} references."""


def parse_sample(sample: str) -> List[Part]:
    """A sample utterance as a list of literal words and slot references.

    "i've got a {symptom} in my {area}" → [lit i, lit have, lit got, lit a, slot symptom, ...]
    """
    parts: List[Part] = []
    for index, piece in enumerate(re.split(r"(\{[^{}]*\})", sample)):
        if index % 2:
            name = piece[1:-1]
            if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", name):
                raise SampleSyntaxError(f"{piece!r} is not a valid slot reference")
            parts.append(("slot", name))
        else:
            if "{" in piece or "}" in piece:
                raise SampleSyntaxError("unbalanced braces")
            parts.extend(("lit", word) for word in normalise(piece).split())
    return parts


def sample_key(sample: Union[str, List[Part]], keep_slot_names: bool = True) -> str:
    """A comparable form of a sample: normalised words, slots as {name} (or {} when not kept)."""
    parts = parse_sample(sample) if isinstance(sample, str) else sample
    return " ".join(word if kind == "lit" else ("{%s}" % word if keep_slot_names else "{}")
                    for kind, word in parts)
