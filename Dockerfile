# syntax=docker/dockerfile:1
# hunkwise: the GitHub App by default, the command line on demand.
# Build:      docker build -t hunkwise .
# App:        docker run --env-file .env -p 3000:3000 hunkwise
# Command line: docker run --rm -v "$PWD:/src:ro" hunkwise hunkwise scan /src
#   (node's image entrypoint runs a command it finds on PATH, and `hunkwise` is linked there)

# ── build: compile TypeScript with the dev dependencies ────────────────────
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` would build before the sources are here, and the
# Python grammar ships as WASM, so no native build step is needed.
RUN npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY scripts ./scripts
COPY rules ./rules
RUN npm run build && npm prune --omit=dev --ignore-scripts

# ── runtime: production dependencies, compiled code, rules; no compiler, not root ──
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/rules ./rules
COPY app.yml ./app.yml
COPY bin ./bin
# `hunkwise` on PATH for the command line; the launcher finds dist/ from its real path.
RUN ln -s /app/bin/hunkwise.js /usr/local/bin/hunkwise
# The image's files stay root-owned and read-only to the app; it runs as `node`.
USER node
EXPOSE 3000
# GET /health answers 200 while the process runs (GET /ready also checks Redis).
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/src/index.js"]
