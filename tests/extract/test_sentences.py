from archive.extract.sentences import split_sentences


def test_sentences_keep_offsets_and_skip_abbreviations():
    text = (
        'The CAC said on Oct. 20 that it closed 9,800 accounts. "It is done," he said.'
        "\n\nNew paragraph. 网信办关闭了账号。微博也是！"
    )
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == [
        "The CAC said on Oct. 20 that it closed 9,800 accounts.",
        '"It is done," he said.',
        "New paragraph.",
        "网信办关闭了账号。",
        "微博也是！",
    ]
    assert all(text[s.start : s.end] == s.text for s in sentences)
