# captiond: multi-stage build. The runtime image holds the JRE, the pocketsphinx recognizer from
# Debian, the fetched Silero VAD model (and its batched rewrite, the one used) and the server jar; models/ and data/ are volumes.
#   docker build -t captiond .
#   docker run -p 8080:8080 -p 1935:1935 -v captiond-data:/var/lib/captiond captiond

FROM debian:bookworm AS build
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      openjdk-17-jdk-headless maven npm ca-certificates python3-onnx python3-numpy \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY pom.xml .
RUN mvn -B -ntp -q dependency:go-offline
COPY src src
COPY conf conf
COPY models models
RUN mvn -B -ntp -q -DskipTests package \
 && models/fetch-models.sh silero-vad-batched /opt/models

FROM debian:bookworm-slim
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      openjdk-17-jre-headless libpocketsphinx3 pocketsphinx-en-us \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --home /var/lib/captiond captiond \
 && mkdir -p /var/lib/captiond /opt/captiond/models \
 && chown captiond /var/lib/captiond
COPY --from=build /src/target/captiond.jar /opt/captiond/captiond.jar
COPY --from=build /opt/models/ /opt/captiond/models/
COPY conf/captiond.yaml /opt/captiond/conf/captiond.yaml
# A bounded heap: the JVM's default is a quarter of the memory it sees, and G1 grows into it under load and
# keeps it (2-4 GB of RSS at 200 RTMP streams) though the live heap is ~50 MB at 100 streams. 512 MB leaves room
# for several hundred streams; a 64 MB start lets G1 size the heap to the load rather than start at 1/64 of the
# machine's memory (RSS at 100 streams 411 MB instead of 551). Set JAVA_TOOL_OPTIONS at `docker run -e` to size
# it otherwise.
ENV CAPTIOND_DATA_DIR=/var/lib/captiond \
    CAPTIOND_VAD_MODEL=/opt/captiond/models/silero_vad_v5_batched.onnx \
    JAVA_TOOL_OPTIONS="-Xms64m -Xmx512m"
USER captiond
WORKDIR /opt/captiond
VOLUME ["/var/lib/captiond", "/opt/captiond/models"]
# 8080: HTTP API, caption feeds, subtitle files, metrics; 1935: RTMP ingest
EXPOSE 8080 1935
HEALTHCHECK --interval=30s --timeout=5s CMD ["sh", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080"]
ENTRYPOINT ["java", "-jar", "/opt/captiond/captiond.jar"]
