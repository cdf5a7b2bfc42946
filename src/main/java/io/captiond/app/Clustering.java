package io.captiond.app;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.captiond.bus.Addresses;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.List;

/**
 * The clustered event bus: Hazelcast with TCP/IP join on the configured members only (no multicast,
 * no cloud auto-detection, no phone-home), the event bus bound to {@code cluster.host}, with mutual TLS
 * when {@code cluster.tls} is on. Owns the {@code cluster.*} keys. A member that leaves (shut down,
 * killed, cut off) is announced on this node's {@link Addresses#ASR_NODE_LEFT} at once, so that windows
 * sent to it are re-sent without waiting for their deadline.
 */
final class Clustering {

  static final String ENABLED = "cluster.enabled";
  static final String NAME = "cluster.name";
  static final String HOST = "cluster.host";
  static final String PORT = "cluster.port";
  static final String HAZELCAST_PORT = "cluster.hazelcast_port";
  static final String MEMBERS = "cluster.members";
  static final String TLS = "cluster.tls";
  static final String TLS_CERT_FILE = "cluster.tls_cert_file";
  static final String TLS_KEY_FILE = "cluster.tls_key_file";
  static final String TLS_TRUST_FILE = "cluster.tls_trust_file";
  /** The member attribute in which vertx-hazelcast keeps the Vert.x node id. */
  private static final String VERTX_NODE_ID = "__vertx.nodeId";

  private Clustering() {}

  static HazelcastClusterManager clusterManager(Config config) {
    com.hazelcast.config.Config hazelcast = ConfigUtil.loadConfig();
    hazelcast.setClusterName(config.string(NAME));
    hazelcast.setProperty("hazelcast.phone.home.enabled", "false");
    hazelcast.setProperty("hazelcast.logging.type", "jdk");
    hazelcast.setProperty("hazelcast.shutdownhook.enabled", "false");
    String host = config.string(HOST);
    NetworkConfig network = hazelcast.getNetworkConfig();
    network.setPort(config.integer(HAZELCAST_PORT, 1, 65535)).setPortAutoIncrement(true);
    network.getInterfaces().setEnabled(true).addInterface(host);
    network.setPublicAddress(host);
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    List<String> members = config.list(MEMBERS);
    join.getTcpIpConfig().setEnabled(true).setMembers(members.isEmpty() ? List.of(host) : members);
    hazelcast.setProperty("hazelcast.socket.bind.any", "false");
    return new HazelcastClusterManager(hazelcast);
  }

  /** This node's id on the event bus: the Hazelcast member's, or {@code local} when not clustered. */
  static String nodeId(HazelcastClusterManager manager) {
    return manager == null ? "local" : manager.getNodeId();
  }

  /** Publishes, on this node only, the id of every member that leaves the cluster. */
  static void announceDepartures(HazelcastClusterManager manager, Vertx vertx) {
    manager.getHazelcastInstance().getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {}

      @Override
      public void memberRemoved(MembershipEvent event) {
        // Vert.x names a node by its own id, kept as a member attribute, not by the Hazelcast UUID
        String nodeId = event.getMember().getAttribute(VERTX_NODE_ID);
        if (nodeId != null) {
          vertx.eventBus().publish(Addresses.ASR_NODE_LEFT, nodeId, new DeliveryOptions().setLocalOnly(true));
        }
      }
    });
  }

  static EventBusOptions eventBusOptions(Config config) {
    String host = config.string(HOST);
    EventBusOptions options = new EventBusOptions().setHost(host).setClusterPublicHost(host)
        .setPort(config.integer(PORT, 0, 65535));
    return config.bool(TLS) ? withTls(options, config) : options;
  }

  /**
   * Mutual TLS between members: each presents its certificate and accepts only peers whose
   * certificate its trust file vouches for; no host name check, since members are named by address.
   */
  private static EventBusOptions withTls(EventBusOptions options, Config config) {
    String cert = config.string(TLS_CERT_FILE);
    String key = config.string(TLS_KEY_FILE);
    String trust = config.string(TLS_TRUST_FILE);
    for (String[] file : new String[][] {{TLS_CERT_FILE, cert}, {TLS_KEY_FILE, key}, {TLS_TRUST_FILE, trust}}) {
      if (file[1].isEmpty() || !java.nio.file.Files.isReadable(java.nio.file.Path.of(file[1]))) {
        throw new ConfigException(file[0], "cluster.tls needs a readable PEM file here, was '" + file[1] + "'");
      }
    }
    return options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions().setCertPath(cert).setKeyPath(key))
        .setTrustOptions(new PemTrustOptions().addCertPath(trust)).setClientAuth(ClientAuth.REQUIRED);
  }
}
