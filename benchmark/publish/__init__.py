"""The publishing layer: the leaderboard (:mod:`.leaderboard`) and the robustness
report (:mod:`.robustness`), built from the harness's evaluations. Only the CLI and the
public API import it."""
