namespace SolidarityMarket.Ledger.Domain;

/// <summary>
/// Minimum-cost maximum flow with <see cref="long"/> capacities and non-negative costs, by successive shortest paths:
/// Dijkstra on costs reduced by Johnson potentials finds the shortest augmenting distance, then every augmenting
/// path of that length (the arcs of reduced cost 0) is used, each by its bottleneck, before the next Dijkstra.
/// Saturating all shortest paths per Dijkstra (Dinic's blocking flow on the zero-reduced-cost arcs) instead of one
/// path keeps the number of Dijkstra runs at most the number of distinct path lengths, which for the clearing
/// network (unit costs) is at most the number of nodes; one path per Dijkstra would need one run per augmentation.
/// Every augmentation is along a shortest path, so the result is optimal, as with plain successive shortest paths.
/// </summary>
/// <remarks>
/// All costs must be &gt;= 0 when added, so zero potentials are valid at the start. A node Dijkstra cannot reach stays
/// unreachable (augmentations only add reverse arcs between reached nodes), so its potential is never needed again.
/// Deterministic: arcs are tried in the order they were added.
/// </remarks>
internal sealed class MinCostFlow
{
    private readonly int nodeCount;
    private readonly List<int> arcTails = [];
    private readonly List<int> arcHeads = [];
    private readonly List<long> arcCapacities = [];
    private readonly List<long> arcCosts = [];
    private long[]? residual;

    public MinCostFlow(int nodeCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(nodeCount);
        this.nodeCount = nodeCount;
    }

    /// <summary>Adds an arc and returns its id for <see cref="FlowOn"/>.</summary>
    public int AddArc(int from, int to, long capacity, long cost)
    {
        if (residual is not null)
        {
            throw new InvalidOperationException("Arcs cannot be added after the flow was solved.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(from);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(from, nodeCount);
        ArgumentOutOfRangeException.ThrowIfNegative(to);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(to, nodeCount);
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        ArgumentOutOfRangeException.ThrowIfNegative(cost);

        // Arc 2k is the forward arc, 2k+1 its reverse (residual capacity = flow on the forward arc, cost negated).
        var id = arcHeads.Count;
        arcTails.Add(from);
        arcHeads.Add(to);
        arcCapacities.Add(capacity);
        arcCosts.Add(cost);
        arcTails.Add(to);
        arcHeads.Add(from);
        arcCapacities.Add(0);
        arcCosts.Add(-cost);
        return id;
    }

    /// <summary>The flow on an arc returned by <see cref="AddArc"/>, after <see cref="Solve"/>.</summary>
    public long FlowOn(int arc)
    {
        if (residual is null)
        {
            throw new InvalidOperationException("Solve the flow first.");
        }

        return residual[arc ^ 1];
    }

    /// <summary>Sends as much flow as possible from source to sink at minimum total cost; returns the amount sent.</summary>
    public long Solve(int source, int sink)
    {
        if (residual is not null)
        {
            throw new InvalidOperationException("The flow was already solved.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(source);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(source, nodeCount);
        ArgumentOutOfRangeException.ThrowIfNegative(sink);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(sink, nodeCount);
        if (source == sink)
        {
            throw new ArgumentException("Source and sink must differ.", nameof(sink));
        }

        var cap = arcCapacities.ToArray();
        residual = cap;
        var graph = new Graph(nodeCount, arcTails.ToArray(), arcHeads.ToArray(), arcCosts.ToArray(), cap);
        long sent = 0;
        while (graph.ComputePotentials(source, sink))
        {
            while (graph.BuildLevels(source, sink))
            {
                sent = checked(sent + graph.BlockingFlow(source, sink));
            }
        }

        return sent;
    }

    /// <summary>The residual graph in compressed adjacency form, with the working arrays of one solve.</summary>
    private sealed class Graph
    {
        private readonly int[] tails;
        private readonly int[] heads;
        private readonly long[] costs;
        private readonly long[] residual;
        private readonly int[] adjacencyStart;
        private readonly int[] adjacency;
        private readonly long[] potential;
        private readonly long[] distance;
        private readonly int[] level;
        private readonly int[] current;
        private readonly int[] path;
        private readonly int[] queue;
        private readonly PriorityQueue<int, long> heap = new();

        public Graph(int nodeCount, int[] tails, int[] heads, long[] costs, long[] residual)
        {
            this.tails = tails;
            this.heads = heads;
            this.costs = costs;
            this.residual = residual;
            adjacencyStart = new int[nodeCount + 1];
            foreach (var tail in tails)
            {
                adjacencyStart[tail + 1]++;
            }

            for (var v = 0; v < nodeCount; v++)
            {
                adjacencyStart[v + 1] += adjacencyStart[v];
            }

            adjacency = new int[tails.Length];
            var fill = (int[])adjacencyStart.Clone();
            for (var arc = 0; arc < tails.Length; arc++)
            {
                adjacency[fill[tails[arc]]++] = arc;
            }

            potential = new long[nodeCount];
            distance = new long[nodeCount];
            level = new int[nodeCount];
            current = new int[nodeCount];
            path = new int[nodeCount];
            queue = new int[nodeCount];
        }

        private long ReducedCost(int arc) => costs[arc] + potential[tails[arc]] - potential[heads[arc]];

        /// <summary>
        /// Dijkstra from the source on reduced costs; adds the distances to the potentials of the reached nodes, so
        /// that every residual arc on a shortest path gets reduced cost 0. False when the sink is unreachable.
        /// </summary>
        public bool ComputePotentials(int source, int sink)
        {
            Array.Fill(distance, long.MaxValue);
            distance[source] = 0;
            heap.Clear();
            heap.Enqueue(source, 0);
            while (heap.TryDequeue(out var u, out var d))
            {
                if (d > distance[u])
                {
                    continue;
                }

                for (var k = adjacencyStart[u]; k < adjacencyStart[u + 1]; k++)
                {
                    var arc = adjacency[k];
                    if (residual[arc] == 0)
                    {
                        continue;
                    }

                    var v = heads[arc];
                    var candidate = d + ReducedCost(arc);
                    if (candidate < distance[v])
                    {
                        distance[v] = candidate;
                        heap.Enqueue(v, candidate);
                    }
                }
            }

            if (distance[sink] == long.MaxValue)
            {
                return false;
            }

            for (var v = 0; v < distance.Length; v++)
            {
                if (distance[v] != long.MaxValue)
                {
                    potential[v] += distance[v];
                }
            }

            return true;
        }

        /// <summary>An arc an augmenting path may use now: capacity left and on a shortest path (reduced cost 0).</summary>
        private bool Admissible(int arc) =>
            residual[arc] > 0 && distance[heads[arc]] != long.MaxValue && ReducedCost(arc) == 0;

        /// <summary>
        /// Breadth-first levels over admissible arcs. Zero-cost cycles (an arc and its reverse) are admissible, so
        /// augmenting paths follow strictly increasing levels to never loop. False when the sink is not reached.
        /// </summary>
        public bool BuildLevels(int source, int sink)
        {
            Array.Fill(level, -1);
            level[source] = 0;
            var head = 0;
            var tail = 0;
            queue[tail++] = source;
            while (head < tail)
            {
                var u = queue[head++];
                for (var k = adjacencyStart[u]; k < adjacencyStart[u + 1]; k++)
                {
                    var arc = adjacency[k];
                    var v = heads[arc];
                    if (level[v] < 0 && Admissible(arc))
                    {
                        level[v] = level[u] + 1;
                        queue[tail++] = v;
                    }
                }
            }

            return level[sink] >= 0;
        }

        /// <summary>
        /// Augments along level-increasing admissible paths, each by its bottleneck, until none is left (iterative
        /// depth-first search with a current-arc pointer per node, so no arc is retried after it led nowhere).
        /// </summary>
        public long BlockingFlow(int source, int sink)
        {
            Array.Copy(adjacencyStart, current, current.Length);
            long pushed = 0;
            var depth = 0;
            var u = source;
            while (true)
            {
                if (u == sink)
                {
                    var bottleneck = long.MaxValue;
                    for (var i = 0; i < depth; i++)
                    {
                        bottleneck = Math.Min(bottleneck, residual[path[i]]);
                    }

                    for (var i = 0; i < depth; i++)
                    {
                        residual[path[i]] -= bottleneck;
                        residual[path[i] ^ 1] += bottleneck;
                    }

                    pushed = checked(pushed + bottleneck);

                    // Resume from the tail of the first arc this path saturated.
                    var saturated = 0;
                    while (residual[path[saturated]] != 0)
                    {
                        saturated++;
                    }

                    depth = saturated;
                    u = tails[path[saturated]];
                    continue;
                }

                var advanced = false;
                for (; current[u] < adjacencyStart[u + 1]; current[u]++)
                {
                    var arc = adjacency[current[u]];
                    var v = heads[arc];
                    if (level[v] == level[u] + 1 && Admissible(arc))
                    {
                        path[depth++] = arc;
                        u = v;
                        advanced = true;
                        break;
                    }
                }

                if (advanced)
                {
                    continue;
                }

                if (u == source)
                {
                    return pushed;
                }

                // Dead end: step back and skip the arc that led here.
                level[u] = -1;
                u = tails[path[--depth]];
                current[u]++;
            }
        }
    }
}
