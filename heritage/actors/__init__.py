"""Actors: the parties that control sites or are said to have caused damage."""
