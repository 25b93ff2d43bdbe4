namespace NetObs.Simulator.Scenarios;

/// <summary>The TCP flag combinations the scenarios send.</summary>
[Flags]
public enum TcpFlagSet
{
    None = 0,
    Syn = 1,
    Ack = 2,
    Rst = 4,
    Fin = 8,
    Psh = 16,
    SynAck = Syn | Ack,
    PshAck = Psh | Ack,
    FinAck = Fin | Ack,
    RstAck = Rst | Ack,
}
