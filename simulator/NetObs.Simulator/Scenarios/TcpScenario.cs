namespace NetObs.Simulator.Scenarios;

/// <summary>
/// The pets store: one product-service pod takes most of store-front's traffic; every ten minutes,
/// from minute 2 to minute 5 after the start, connections to and from pets/rabbitmq-0 and
/// pets/mongodb-0 are reset in a storm (rarely outside it); virtual-worker's SYNs to mongodb-0
/// never get a SYN-ACK.
/// </summary>
public sealed class TcpScenario(ClusterModel cluster) : IScenario
{
    public const int RabbitMqPort = 5672;
    public const int MongoDbPort = 27017;
    public const int ProductServicePort = 3002;

    public static readonly TimeSpan StormPeriod = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan StormStart = TimeSpan.FromMinutes(2);
    public static readonly TimeSpan StormEnd = TimeSpan.FromMinutes(5);

    /// <summary>The share of store-front's connections that land on product-service's first pod.</summary>
    public const double HotPodShare = 0.8;

    private readonly IReadOnlyList<SimulatedPod> _storeFronts = cluster.PodsOf("pets", "store-front");
    private readonly IReadOnlyList<SimulatedPod> _products = cluster.PodsOf("pets", "product-service");
    private readonly SimulatedPod _rabbit = cluster.Pod("pets", "rabbitmq");
    private readonly SimulatedPod _mongo = cluster.Pod("pets", "mongodb");
    private readonly SimulatedPod _orders = cluster.Pod("pets", "order-service");
    private readonly SimulatedPod _makeline = cluster.Pod("pets", "makeline-service");
    private readonly SimulatedPod _worker = cluster.Pod("pets", "virtual-worker");
    private readonly SimulatedPod _customer = cluster.Pod("pets", "virtual-customer");

    public string Name => "tcp";

    public double Weight => 15;

    public void Run(EpisodeContext context)
    {
        var random = context.Random;
        var storm = context.InWindow(StormPeriod, StormStart, StormEnd);
        if (random.Chance(storm ? 0.6 : 0.04))
        {
            ResetConnection(context, random);
            return;
        }

        var roll = random.NextDouble();
        if (roll < 0.5)
        {
            var product = random.Chance(HotPodShare) ? _products[0] : _products[1 + random.Next(_products.Count - 1)];
            var conversation = new TcpConversation(Peer.Of(random.Pick(_storeFronts)),
                Peer.Of(product, cluster.Service("pets", "product-service")), random.Next(32768, 60999), ProductServicePort);
            conversation.FullExchange(context, 0, random.LogUniform(1_000_000, 25_000_000));
        }
        else if (roll < 0.62)
        {
            // SYN without SYN-ACK: the first SYN and its retransmissions, never answered.
            var conversation = new TcpConversation(Peer.Of(_worker), Peer.Of(_mongo, cluster.Service("pets", "mongodb")),
                random.Next(32768, 60999), MongoDbPort);
            foreach (var delay in new[] { 0L, 1_000_000_000L, 3_000_000_000L })
            {
                conversation.Send(context, delay, true, TcpFlagSet.Syn);
            }
        }
        else if (roll < 0.8)
        {
            var conversation = new TcpConversation(Peer.Of(_customer), Peer.Of(random.Pick(_storeFronts), cluster.Service("pets", "store-front")),
                random.Next(32768, 60999), 8080);
            conversation.FullExchange(context, 0, random.LogUniform(2_000_000, 40_000_000));
        }
        else
        {
            // Long-lived AMQP and MongoDB connections: data in both directions.
            var (client, server, port) = random.Chance(0.5) ? (_orders, _rabbit, RabbitMqPort) : (_makeline, _mongo, MongoDbPort);
            var conversation = new TcpConversation(Peer.Of(client), Peer.Of(server, cluster.Service("pets", server.Workload)),
                40000 + (int)client.Endpoint.ID, port);
            var t = conversation.Send(context, 0, true, TcpFlagSet.PshAck);
            conversation.Send(context, t + random.LogUniform(200_000, 5_000_000), false, TcpFlagSet.PshAck);
        }
    }

    private void ResetConnection(EpisodeContext context, DeterministicRandom random)
    {
        switch (random.Next(4))
        {
            case 0:
                {
                    // rabbitmq-0 accepts, then resets the connection.
                    var conversation = Conversation(_orders, _rabbit, RabbitMqPort, random);
                    var t = conversation.Send(context, 0, true, TcpFlagSet.Syn);
                    t = conversation.Send(context, t, false, TcpFlagSet.SynAck);
                    t = conversation.Send(context, t, true, TcpFlagSet.Ack);
                    conversation.Send(context, t + random.LogUniform(100_000, 2_000_000), false, TcpFlagSet.RstAck);
                    break;
                }

            case 1:
                {
                    // makeline-service gives up on rabbitmq-0 and resets.
                    var conversation = Conversation(_makeline, _rabbit, RabbitMqPort, random);
                    var t = conversation.Send(context, 0, true, TcpFlagSet.PshAck);
                    conversation.Send(context, t + random.LogUniform(1_000_000, 50_000_000), true, TcpFlagSet.Rst);
                    break;
                }

            case 2:
                {
                    // mongodb-0 refuses: the SYN is answered with RST, ACK.
                    var conversation = Conversation(_makeline, _mongo, MongoDbPort, random);
                    var t = conversation.Send(context, 0, true, TcpFlagSet.Syn);
                    conversation.Send(context, t, false, TcpFlagSet.RstAck);
                    break;
                }

            default:
                {
                    // order-service resets its connection to mongodb-0 mid-stream.
                    var conversation = Conversation(_orders, _mongo, MongoDbPort, random);
                    var t = conversation.Send(context, 0, true, TcpFlagSet.PshAck);
                    t = conversation.Send(context, t, false, TcpFlagSet.Ack);
                    conversation.Send(context, t + random.LogUniform(100_000, 5_000_000), true, TcpFlagSet.RstAck);
                    break;
                }
        }
    }

    private TcpConversation Conversation(SimulatedPod client, SimulatedPod server, int port, DeterministicRandom random) =>
        new(Peer.Of(client), Peer.Of(server, cluster.Service("pets", server.Workload)), random.Next(32768, 60999), port);
}
