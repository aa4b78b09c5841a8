"""Older import path of the bundled folders and the default project (see packaged, project)."""

from __future__ import annotations

from belannot.core.packaged import bundled_dir as bundled_dir
from belannot.core.packaged import corpus_path as corpus_path
from belannot.core.project import APP_NAME as APP_NAME
from belannot.core.project import DEFAULT_PROJECT_NAME as DEFAULT_PROJECT_NAME
from belannot.core.project import data_dir as data_dir
from belannot.core.project import default_project_path as default_project_path
from belannot.core.project import seed_bundled_corpus as seed_bundled_corpus
