"""The real after-treatment tools: they load with the rest of the content, without problems."""

LETTER = "/after-treatment/doctor-note/"


def test_real_tools_load_without_problems(real_registry):
    tool_problems = [str(p) for p in real_registry.problems if p.path.parent.name == "tools"]
    assert tool_problems == []
    assert set(real_registry.tools) == {"doctor-note", "record", "diary"}
    note = real_registry.tools["doctor-note"]
    assert note.kind == "letter" and note.url == LETTER
    assert all(f.max_length for f in note.fields if f.type in ("text", "textarea"))
    # "I don't know" is an answer wherever the reader might not know.
    for field_id in ("setting", "product-known", "others"):
        field = next(f for f in note.fields if f.id == field_id)
        assert "dont-know" in dict(field.choices)


def test_real_letter_names_the_tests_a_clinician_should_consider(real_registry):
    note = real_registry.tools["doctor-note"]
    evidence = note.wording["evidence"]
    for phrase in ("mycobacteri", "AFB", "tell the laboratory", "PCR", "histology",
                   "antibiotics", "specialist"):  # fmt: skip
        assert phrase.lower() in evidence.lower(), phrase
    urls = {s.url for s in note.sources}
    assert "https://www.cdc.gov/mmwr/preview/mmwrhtml/mm5444a4.htm" in urls
    assert any(s.type == "systematic-review" for s in note.sources)
