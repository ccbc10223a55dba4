"""`render-audio`: every file rendered into the folder, one line each and a total."""
from __future__ import annotations

from skill.audio import cli
from skill.audio.library import AudioLibrary


def test_render_audio_main(tmp_path, monkeypatch, capsys):
    subset = ["cue-soft_chime.mp3", "release-1.mp3"]
    monkeypatch.setattr(AudioLibrary, "names", lambda self: subset)
    assert cli.render_audio_main(str(tmp_path / "out")) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(subset) + 1
    for line, name in zip(lines, subset):
        assert line.startswith(str(tmp_path / "out" / name))
        assert (tmp_path / "out" / name).stat().st_size > 0
    assert lines[-1].startswith("2 files,")
    # A second run finds valid files and renders nothing.
    def must_not_render(self, name, out):
        raise AssertionError(f"{name} rendered again")

    monkeypatch.setattr(AudioLibrary, "render_into", must_not_render)
    assert cli.render_audio_main(str(tmp_path / "out")) == 0


def test_render_audio_main_reports_errors(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert cli.render_audio_main(str(blocker)) == 1
    assert "render-audio:" in capsys.readouterr().err
