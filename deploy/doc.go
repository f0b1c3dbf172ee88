// Package deploy holds the container deployment's files: the configs the
// image carries (exportwatch.yaml, offline.yaml) and the health probe
// (deploy/healthcheck). Its tests keep the repository's Dockerfile and
// docker-compose.yml consistent with them without Docker: the compose file
// is loaded with compose-go, the library behind `docker compose`, with its
// schema validation and normalisation.
package deploy
