# The service image: build with dev dependencies, run with production ones only.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY scripts/build.js ./scripts/build.js
COPY src ./src
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
# The compiled service, its migrations and the CLI: node dist/cli/main.js <command> (npm run cli -- <command> too).
COPY --from=build /app/dist ./dist
COPY --from=build /app/scripts/build.js ./scripts/build.js
# What they read at run time: the reference data and the demo's sample year, the planner, the sample plan.csv.
COPY data ./data
COPY web ./web
COPY examples ./examples
COPY package.json ./
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --retries=6 CMD node -e "fetch('http://127.0.0.1:3000/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "dist/main.js"]
