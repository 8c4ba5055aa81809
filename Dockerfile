# Production image: build once, run with production dependencies only. Node 24 is the current LTS
# (Node 20 and 22 are supported too; see the README). No compiler is needed: native packages are prebuilt.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:24-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 DATA_DIR=/data
WORKDIR /app
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# scripts/ for `npm run backup` / `npm run restore` inside the container.
COPY --from=build /app/scripts ./scripts
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# Heap sizing for a small resident set (as `npm start`): a 2 MB young generation and a 144 MB old one
# keep Node at ~160-175 MB with 10 people live (test/bench/memory.bench.ts) instead of 200-290 MB.
CMD ["node", "--max-semi-space-size=2", "--max-old-space-size=144", "dist/api/src/main.js"]
