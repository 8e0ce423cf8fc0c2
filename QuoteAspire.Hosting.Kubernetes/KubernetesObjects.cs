using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using k8s;
using k8s.Models;

namespace QuoteAspire.Hosting.Kubernetes;

/// <summary>
/// Pure mapping from <see cref="Workload"/>s to typed Kubernetes objects, with the production
/// defaults every workload gets: requests and limits, a locked-down security context, probes,
/// rolling updates that keep every desired replica serving, and standard labels.
/// </summary>
internal static class KubernetesObjects
{
    /// <summary>The Namespace, enforcing the Pod Security Standard every pod published here meets (and warning and auditing at it).</summary>
    public static V1Namespace ToNamespace(string name) => new V1Namespace
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            Labels = KubernetesNames.PodSecurityLabels.ToDictionary(label => label, _ => KubernetesNames.PodSecurityLevel, StringComparer.Ordinal),
        },
    }.Initialize();

    /// <summary>
    /// The workload's own ServiceAccount, with no API token mounted: its pods never call the Kubernetes API, and a
    /// ServiceAccount of their own keeps whatever a cluster grants the namespace's <c>default</c> away from them.
    /// </summary>
    public static V1ServiceAccount ToServiceAccount(Workload workload, KubernetesApplication application) => new V1ServiceAccount
    {
        Metadata = new V1ObjectMeta
        {
            Name = KubernetesNames.ServiceAccountName(workload.Name),
            Labels = KubernetesNames.Labels(application, workload.Name, Component(workload)),
        },
        AutomountServiceAccountToken = false,
    }.Initialize();

    public static V1Secret ToSecret(SecretSource secret, KubernetesApplication application) => new V1Secret
    {
        Metadata = new V1ObjectMeta { Name = secret.Name, Labels = KubernetesNames.Labels(application, secret.Name, "secret") },
        Type = "Opaque",
        StringData = new Dictionary<string, string> { [SecretSource.ValueKey] = secret.Value },
    }.Initialize();

    /// <summary>
    /// The workload's Deployment or StatefulSet. <paramref name="secretChecksums"/> (by Secret name) go into its pod
    /// template, so that publishing a changed secret rolls the pods that read it.
    /// </summary>
    public static IKubernetesObject<V1ObjectMeta> ToWorkload(Workload workload, KubernetesApplication application, IReadOnlyDictionary<string, string> secretChecksums) => workload.Kind switch
    {
        WorkloadKind.StatefulSet => ToStatefulSet(workload, application, secretChecksums),
        WorkloadKind.CronJob => ToCronJob(workload, application, secretChecksums),
        WorkloadKind.Job => ToJob(workload, application, secretChecksums),
        _ => ToDeployment(workload, application, secretChecksums),
    };

    public static V1Deployment ToDeployment(Workload workload, KubernetesApplication application, IReadOnlyDictionary<string, string> secretChecksums) => new V1Deployment
    {
        Metadata = Metadata(workload, application),
        Spec = new V1DeploymentSpec
        {
            // Under an autoscaler the count is its to set: a replicas field here would reset it at every apply.
            Replicas = workload.IsAutoscaled ? null : workload.Settings.Replicas,
            Selector = new V1LabelSelector { MatchLabels = KubernetesNames.SelectorLabels(application, workload.Name) },
            // Start a new pod before stopping an old one, so capacity never drops below the desired replicas.
            Strategy = new V1DeploymentStrategy
            {
                Type = "RollingUpdate",
                RollingUpdate = new V1RollingUpdateDeployment { MaxUnavailable = 0, MaxSurge = 1 },
            },
            Template = PodTemplate(workload, application, secretChecksums),
        },
    }.Initialize();

    public static V1StatefulSet ToStatefulSet(Workload workload, KubernetesApplication application, IReadOnlyDictionary<string, string> secretChecksums) => new V1StatefulSet
    {
        Metadata = Metadata(workload, application),
        Spec = new V1StatefulSetSpec
        {
            // One pod owns the data, unless the store replicates it among peers that it configures itself.
            Replicas = workload.Peers?.Replicas ?? 1,
            // The Service that gives each pod its own DNS name: the peers' headless one.
            ServiceName = workload.Peers is null ? KubernetesNames.ObjectName(workload.Name) : KubernetesNames.PeersServiceName(workload.Name),
            // Peers start together: after a full outage each must see the others to learn which holds the newest
            // data, which starting them one by one, each once the one before is ready, would not let them do.
            // A rolling update still replaces them one at a time.
            PodManagementPolicy = workload.Peers is null ? null : "Parallel",
            MinReadySeconds = workload.Peers is { MinReadySeconds: > 0 } peers ? peers.MinReadySeconds : null,
            Selector = new V1LabelSelector { MatchLabels = KubernetesNames.SelectorLabels(application, workload.Name) },
            Template = PodTemplate(workload, application, secretChecksums),
            VolumeClaimTemplates = [.. workload.Volumes.Select(volume => new V1PersistentVolumeClaim
            {
                Metadata = new V1ObjectMeta { Name = volume.Name, Labels = KubernetesNames.Labels(application, workload.Name, Component(workload)) },
                Spec = ClaimSpec(workload.Settings),
            })],
        },
    }.Initialize();

    private static V1PersistentVolumeClaimSpec ClaimSpec(KubernetesResourceSettings settings) => new()
    {
        AccessModes = ["ReadWriteOnce"],
        StorageClassName = settings.StorageClass,
        Resources = new V1VolumeResourceRequirements
        {
            Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new(settings.StorageSize) },
        },
    };

    private static List<V1ServicePort> ServicePorts(IEnumerable<WorkloadPort> ports) =>
        [.. ports.Select(port => new V1ServicePort
        {
            Name = port.Name,
            Port = port.ServicePort,
            TargetPort = port.Name,
            Protocol = "TCP",
        })];

    /// <summary>
    /// A Service named exactly after the resource, so both DNS and the <c>NAME_SERVICE_HOST</c> variables find it. Behind
    /// an Ingress, an exposed workload's Service is ClusterIP unless the configuration names its type: clients cannot
    /// go around the Ingress's TLS, or its one view of who they are.
    /// </summary>
    public static V1Service? ToService(Workload workload, KubernetesApplication application, KubernetesPublishingOptions.IngressOptions ingress) => !workload.ServicePorts.Any() ? null : new V1Service
    {
        Metadata = Metadata(workload, application),
        Spec = new V1ServiceSpec
        {
            Type = IsBehindIngressOnly(workload, ingress) ? KubernetesDefaults.ClusterIP : workload.Settings.ServiceType,
            Selector = KubernetesNames.SelectorLabels(application, workload.Name),
            Ports = ServicePorts(workload.ServicePorts),
        },
    }.Initialize();

    /// <summary>
    /// The peers' headless Service: no address of its own, a DNS name for each pod (<c>my-store-0.my-store-peers</c>),
    /// published before the pod is ready, since a starting peer must find the others to know whom to replicate.
    /// </summary>
    public static V1Service? ToPeersService(Workload workload, KubernetesApplication application) => workload.Peers is null ? null : new V1Service
    {
        Metadata = new V1ObjectMeta
        {
            Name = KubernetesNames.PeersServiceName(workload.Name),
            Labels = KubernetesNames.Labels(application, workload.Name, Component(workload)),
        },
        Spec = new V1ServiceSpec
        {
            ClusterIP = "None",
            PublishNotReadyAddresses = true,
            Selector = KubernetesNames.SelectorLabels(application, workload.Name),
            // What the peers serve one another; Prometheus finds the metrics port on each pod by itself.
            Ports = ServicePorts(workload.Ports.Where(port => port.Name != workload.Metrics?.PortName)),
        },
    }.Initialize();

    /// <summary>Runs the workload's container to completion on its schedule, never two at once.</summary>
    public static V1CronJob ToCronJob(Workload workload, KubernetesApplication application, IReadOnlyDictionary<string, string> secretChecksums) => new V1CronJob
    {
        Metadata = Metadata(workload, application),
        Spec = new V1CronJobSpec
        {
            Schedule = workload.Schedule,
            // A run still going when the next is due is left to finish; the next waits for its own time.
            ConcurrencyPolicy = "Forbid",
            SuccessfulJobsHistoryLimit = 3,
            FailedJobsHistoryLimit = 3,
            JobTemplate = new V1JobTemplateSpec { Spec = JobSpec(workload, application, secretChecksums) },
        },
    }.Initialize();

    /// <summary>
    /// Runs the workload's container to completion once per <c>kubectl create -f</c>: each run gets a name of its own
    /// (<c>generateName</c>), and stays a week after it ends so that its log can be read.
    /// </summary>
    public static V1Job ToJob(Workload workload, KubernetesApplication application, IReadOnlyDictionary<string, string> secretChecksums) => new V1Job
    {
        Metadata = new V1ObjectMeta
        {
            GenerateName = KubernetesNames.GeneratedNamePrefix(workload.Name),
            Labels = KubernetesNames.Labels(application, workload.Name, Component(workload)),
        },
        Spec = JobSpec(workload, application, secretChecksums, KubernetesDefaults.FinishedJobSecondsKept),
    }.Initialize();

    // Two retries, then the Job fails where `kubectl get jobs` shows it; a deadline so a stuck run cannot hold on for good.
    private static V1JobSpec JobSpec(Workload workload, KubernetesApplication application, IReadOnlyDictionary<string, string> secretChecksums, int? secondsKeptWhenFinished = null) => new()
    {
        BackoffLimit = 2,
        ActiveDeadlineSeconds = KubernetesDefaults.JobDeadlineSeconds,
        TtlSecondsAfterFinished = secondsKeptWhenFinished,
        Template = PodTemplate(workload, application, secretChecksums),
    };

    /// <summary>The claims a job mounts that the operator did not make: one volume that outlives every run.</summary>
    public static IEnumerable<V1PersistentVolumeClaim> ToPersistentVolumeClaims(Workload workload, KubernetesApplication application) =>
        !workload.IsJob ? [] : workload.Volumes.Where(volume => !volume.Exists).Select(volume => new V1PersistentVolumeClaim
        {
            Metadata = new V1ObjectMeta { Name = volume.Name, Labels = KubernetesNames.Labels(application, workload.Name, Component(workload)) },
            Spec = ClaimSpec(workload.Settings),
        }.Initialize());

    /// <summary>Scales a Deployment between its replicas and its maximum on CPU use (needs the cluster's metrics-server).</summary>
    public static V2HorizontalPodAutoscaler? ToHorizontalPodAutoscaler(Workload workload, KubernetesApplication application) =>
        !workload.IsAutoscaled ? null : new V2HorizontalPodAutoscaler
        {
            Metadata = Metadata(workload, application),
            Spec = new V2HorizontalPodAutoscalerSpec
            {
                ScaleTargetRef = new V2CrossVersionObjectReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = KubernetesNames.ObjectName(workload.Name) },
                MinReplicas = workload.Settings.Replicas,
                MaxReplicas = workload.Settings.MaxReplicas!.Value,
                Metrics =
                [
                    new V2MetricSpec
                    {
                        Type = "Resource",
                        Resource = new V2ResourceMetricSource
                        {
                            Name = "cpu",
                            Target = new V2MetricTarget { Type = "Utilization", AverageUtilization = workload.Settings.TargetCpuUtilization },
                        },
                    },
                ],
            },
        }.Initialize();

    /// <summary>An Ingress for <paramref name="ingress"/>'s host, routing every path to an exposed workload's http port.</summary>
    public static V1Ingress? ToIngress(Workload workload, KubernetesApplication application, KubernetesPublishingOptions.IngressOptions ingress) =>
        ingress.Host.Length == 0 || !workload.IsExposed || workload.Ports.FirstOrDefault(port => port.Name == "http") is not { } http ? null : new V1Ingress
        {
            Metadata = Metadata(workload, application),
            Spec = new V1IngressSpec
            {
                IngressClassName = ingress.ClassName.Length > 0 ? ingress.ClassName : null,
                Tls = ingress.TlsSecret.Length > 0 ? [new V1IngressTLS { Hosts = [ingress.Host], SecretName = ingress.TlsSecret }] : null,
                Rules =
                [
                    new V1IngressRule
                    {
                        Host = ingress.Host,
                        Http = new V1HTTPIngressRuleValue
                        {
                            Paths =
                            [
                                new V1HTTPIngressPath
                                {
                                    Path = "/",
                                    PathType = "Prefix",
                                    Backend = new V1IngressBackend
                                    {
                                        Service = new V1IngressServiceBackend { Name = KubernetesNames.ObjectName(workload.Name), Port = new V1ServiceBackendPort { Name = http.Name } },
                                    },
                                },
                            ],
                        },
                    },
                ],
            },
        }.Initialize();

    /// <summary>Voluntary disruptions (node drains, upgrades) take at most one pod of a replicated workload at a time.</summary>
    public static V1PodDisruptionBudget? ToPodDisruptionBudget(Workload workload, KubernetesApplication application) =>
        !IsReplicated(workload) ? null : new V1PodDisruptionBudget
        {
            Metadata = Metadata(workload, application),
            Spec = new V1PodDisruptionBudgetSpec
            {
                MaxUnavailable = 1,
                Selector = new V1LabelSelector { MatchLabels = KubernetesNames.SelectorLabels(application, workload.Name) },
            },
        }.Initialize();

    /// <summary>
    /// Every workload with ports admits traffic on them only. An internal one admits it only from the resources that
    /// reference or wait for it, and from its own peers: a database is reachable from its clients, its replicas and
    /// nothing else. An exposed one behind an Ingress alone admits it from the Ingress controller's namespace (any
    /// namespace when <see cref="KubernetesPublishingOptions.IngressOptions.ControllerNamespace"/> is not set) and from its
    /// clients; one with a NodePort or LoadBalancer of its own, from anywhere. A metrics port admits Prometheus: from
    /// <see cref="KubernetesPublishingOptions.MonitoringOptions.Namespace"/>, or any namespace when that is not set.
    /// </summary>
    public static V1NetworkPolicy? ToNetworkPolicy(
        Workload workload, KubernetesApplication application, KubernetesPublishingOptions.IngressOptions ingress, KubernetesPublishingOptions.MonitoringOptions monitoring) =>
        workload.Ports.Count == 0 ? null : new V1NetworkPolicy
        {
            Metadata = Metadata(workload, application),
            Spec = new V1NetworkPolicySpec
            {
                PodSelector = new V1LabelSelector { MatchLabels = KubernetesNames.SelectorLabels(application, workload.Name) },
                PolicyTypes = ["Ingress"],
                Ingress =
                [
                    .. AdmittedPeers(workload, application, ingress) is { } peers
                        ? [Rule(peers.Count == 0 ? null : peers, workload.Ports.Where(port => port.Name != workload.Metrics?.PortName))]
                        : Array.Empty<V1NetworkPolicyIngressRule>(),
                    .. workload.Metrics is { } metrics
                        ? [Rule([FromNamespace(monitoring.Namespace)], workload.Ports.Where(port => port.Name == metrics.PortName))]
                        : Array.Empty<V1NetworkPolicyIngressRule>(),
                ],
            },
        }.Initialize();

    private static V1NetworkPolicyIngressRule Rule(List<V1NetworkPolicyPeer>? from, IEnumerable<WorkloadPort> ports) => new()
    {
        FromProperty = from,
        Ports = [.. ports.Select(port => new V1NetworkPolicyPort { Port = port.Name, Protocol = "TCP" })],
    };

    // Pods of the namespace named, or of any namespace when none is.
    private static V1NetworkPolicyPeer FromNamespace(string name) => new()
    {
        NamespaceSelector = new V1LabelSelector
        {
            MatchLabels = name.Length == 0 ? null : new Dictionary<string, string> { [KubernetesNames.NamespaceNameLabel] = name },
        },
    };

    // Who may connect: null for no one, empty for anyone.
    private static List<V1NetworkPolicyPeer>? AdmittedPeers(Workload workload, KubernetesApplication application, KubernetesPublishingOptions.IngressOptions ingress)
    {
        if (workload.IsExposed && !IsBehindIngressOnly(workload, ingress))
        {
            return [];
        }

        List<V1NetworkPolicyPeer> peers = [.. AdmittedSources(workload).Select(source => new V1NetworkPolicyPeer
        {
            PodSelector = new V1LabelSelector { MatchLabels = KubernetesNames.SelectorLabels(application, source) },
        })];
        if (workload.IsExposed)
        {
            peers.Add(FromNamespace(ingress.ControllerNamespace));
        }

        return peers.Count == 0 ? null : peers;
    }

    // An exposed workload that clients reach through the Ingress only: an Ingress routes to it, and no configuration
    // asks for its own NodePort or LoadBalancer beside it.
    private static bool IsBehindIngressOnly(Workload workload, KubernetesPublishingOptions.IngressOptions ingress) =>
        workload.IsExposed && ingress.Host.Length > 0 && !workload.ServiceTypeConfigured
        && workload.Ports.Any(port => port.Name == "http");

    // Its clients, and for peers the peers themselves: replication and Sentinel talk pod to pod.
    private static List<string> AdmittedSources(Workload workload) =>
        [.. workload.ReachableFrom.Concat(workload.Peers is null ? [] : [workload.Name]).Distinct(StringComparer.Ordinal)];

    private static string Component(Workload workload) => workload.Kind switch
    {
        WorkloadKind.StatefulSet => "store",
        WorkloadKind.CronJob or WorkloadKind.Job => "job",
        _ => "service",
    };

    // Several pods: of a Deployment by its replicas, of a StatefulSet by its peers.
    private static bool IsReplicated(Workload workload) =>
        workload.Kind == WorkloadKind.Deployment ? workload.Settings.Replicas >= 2 : workload.Peers is not null;

    private static V1ObjectMeta Metadata(Workload workload, KubernetesApplication application) => new()
    {
        Name = KubernetesNames.ObjectName(workload.Name),
        Labels = KubernetesNames.Labels(application, workload.Name, Component(workload)),
    };

    private static V1PodTemplateSpec PodTemplate(Workload workload, KubernetesApplication application, IReadOnlyDictionary<string, string> secretChecksums) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Labels = KubernetesNames.PodLabels(application, workload.Name, Component(workload), workload.Image),
            Annotations = SecretChecksums(workload, secretChecksums),
        },
        Spec = new V1PodSpec
        {
            ServiceAccountName = KubernetesNames.ServiceAccountName(workload.Name),
            // The apps never call the Kubernetes API; a mounted token would only be something to steal.
            AutomountServiceAccountToken = false,
            PriorityClassName = workload.Settings.PriorityClassName,
            ImagePullSecrets = workload.Settings.ImagePullSecret is { } pullSecret ? [new V1LocalObjectReference { Name = pullSecret }] : null,
            // Time for the preStop pause and then for the app to finish what it was answering.
            TerminationGracePeriodSeconds = workload.PlannedStop?.GracePeriodSeconds
                ?? (workload.Kind == WorkloadKind.Deployment ? KubernetesDefaults.TerminationGracePeriodSeconds : (long?)null),
            // A Job's pod ends; one that failed is run again (the Job's backoff limit bounds how often).
            RestartPolicy = workload.IsJob ? "OnFailure" : null,
            TopologySpreadConstraints = SpreadOverNodes(workload, application),
            Affinity = OnSeparateNodes(workload, application),
            SecurityContext = new V1PodSecurityContext
            {
                RunAsNonRoot = true,
                RunAsUser = workload.Settings.RunAsUser,
                RunAsGroup = workload.Settings.RunAsUser,
                FsGroup = workload.Settings.RunAsUser,
                SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
            },
            InitContainers = workload.WaitsFor.Count == 0 ? null : [.. workload.WaitsFor.Select(WaitContainer)],
            Containers = [MainContainer(workload), .. workload.Sidecars.Select(sidecar => SidecarContainer(workload, sidecar))],
            Volumes =
            [
                new V1Volume { Name = KubernetesNames.TempVolume, EmptyDir = new V1EmptyDirVolumeSource { SizeLimit = new ResourceQuantity(KubernetesDefaults.TempVolumeSizeLimit) } },
                // A StatefulSet's claims come from its templates; a job's are claims of their own.
                .. workload.Volumes.Where(_ => workload.IsJob).Select(volume => new V1Volume
                {
                    Name = volume.Name,
                    PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = volume.Name },
                }),
            ],
        },
    };

    /// <summary>
    /// Peers on different nodes, required: two copies of the data on one node would be lost together. A cluster with
    /// fewer nodes than peers leaves the rest Pending, which is what it should say.
    /// </summary>
    private static V1Affinity? OnSeparateNodes(Workload workload, KubernetesApplication application) => workload.Peers is null ? null : new V1Affinity
    {
        PodAntiAffinity = new V1PodAntiAffinity
        {
            RequiredDuringSchedulingIgnoredDuringExecution =
            [
                new V1PodAffinityTerm
                {
                    TopologyKey = "kubernetes.io/hostname",
                    LabelSelector = new V1LabelSelector { MatchLabels = KubernetesNames.SelectorLabels(application, workload.Name) },
                },
            ],
        },
    };
    /// <summary>
    /// The replicas of a Deployment on different nodes where the cluster has them, so losing a node loses one of them,
    /// and a Deployment's replicas or a StatefulSet's peers over zones where it has several, so losing a zone does not
    /// lose them all; ScheduleAnyway, so a one-node or one-zone cluster (kind, minikube) still runs them all. (Peers are
    /// on separate nodes as a requirement: <see cref="OnSeparateNodes"/>.)
    /// </summary>
    private static List<V1TopologySpreadConstraint>? SpreadOverNodes(Workload workload, KubernetesApplication application) =>
        !IsReplicated(workload) || workload.IsJob ? null :
        [
            .. workload.Kind == WorkloadKind.Deployment ? [Spread("kubernetes.io/hostname", workload, application)] : Array.Empty<V1TopologySpreadConstraint>(),
            Spread("topology.kubernetes.io/zone", workload, application),
        ];

    private static V1TopologySpreadConstraint Spread(string topologyKey, Workload workload, KubernetesApplication application) => new()
    {
        MaxSkew = 1,
        TopologyKey = topologyKey,
        WhenUnsatisfiable = "ScheduleAnyway",
        LabelSelector = new V1LabelSelector { MatchLabels = KubernetesNames.SelectorLabels(application, workload.Name) },
    };

    private static Dictionary<string, string>? SecretChecksums(Workload workload, IReadOnlyDictionary<string, string> secretChecksums)
    {
        var used = workload.SecretNames
            .Where(secretChecksums.ContainsKey)
            .OrderBy(name => name, StringComparer.Ordinal)
            .ToList();
        return used.Count == 0 ? null : used.ToDictionary(KubernetesNames.SecretChecksumAnnotation, name => secretChecksums[name], StringComparer.Ordinal);
    }

    private static V1Container MainContainer(Workload workload) => new()
    {
        Name = KubernetesNames.ObjectName(workload.Name),
        Image = workload.Image,
        // Explicit, because for a :latest tag the kubelet would otherwise pull on every start: an image loaded
        // into the cluster (kind load, minikube image load) or already on the node is used as it is.
        ImagePullPolicy = "IfNotPresent",
        // A Deployment's pod keeps answering for a few seconds after it is told to stop, while the Service's
        // endpoints and the nodes' proxies catch up, so rolling updates and drains drop no request.
        Lifecycle = workload.PlannedStop is { } stop
            ? new V1Lifecycle { PreStop = new V1LifecycleHandler { Exec = new V1ExecAction { Command = [.. stop.PreStopCommand] } } }
            : workload.Kind == WorkloadKind.Deployment
            ? new V1Lifecycle { PreStop = new V1LifecycleHandler { Sleep = new V1SleepAction { Seconds = KubernetesDefaults.PreStopDelaySeconds } } }
            : null,
        Command = workload.Command?.ToList(),
        Args = workload.Args.Count == 0 ? null : [.. workload.Args],
        Env = workload.Environment.Count == 0 ? null : [.. workload.Environment.Select(ToEnvVar)],
        Ports = ContainerPorts(workload.MainPorts),
        Resources = Resources(workload.Settings),
        SecurityContext = LockedDown(),
        VolumeMounts =
        [
            new V1VolumeMount { Name = KubernetesNames.TempVolume, MountPath = "/tmp" },
            .. workload.Volumes.Select(volume => new V1VolumeMount { Name = volume.Name, MountPath = volume.MountPath }),
        ],
        StartupProbe = Probe(workload, ProbeKind.Startup),
        ReadinessProbe = Probe(workload, ProbeKind.Readiness),
        LivenessProbe = Probe(workload, ProbeKind.Liveness),
    };

    /// <summary>A sidecar: the main container's environment (and image, unless it has its own), its own command, ports and probes.</summary>
    private static V1Container SidecarContainer(Workload workload, WorkloadSidecar sidecar)
    {
        var ports = workload.Ports.Where(port => sidecar.PortNames.Contains(port.Name)).ToList();
        V1Probe? Probe(ProbeKind kind) =>
            sidecar.ProbeCommand.Count > 0 ? Timed(kind, null, new V1Probe { Exec = new V1ExecAction { Command = [.. sidecar.ProbeCommand] } })
            : sidecar.ProbePath is { } path && ports.Count > 0 ? Timed(kind, null, new V1Probe { HttpGet = new V1HTTPGetAction { Path = path, Port = ports[0].Name, Scheme = "HTTP" } })
            : null;
        return new()
        {
            Name = sidecar.Name,
            Image = sidecar.Image ?? workload.Image,
            ImagePullPolicy = "IfNotPresent",
            Command = [.. sidecar.Command],
            Env = workload.Environment.Count == 0 ? null : [.. workload.Environment.Select(ToEnvVar)],
            Ports = ContainerPorts(ports),
            Resources = Resources(KubernetesDefaults.Sidecar),
            SecurityContext = LockedDown(),
            VolumeMounts =
            [
                new V1VolumeMount { Name = KubernetesNames.TempVolume, MountPath = "/tmp" },
                .. workload.Volumes.Where(_ => sidecar.SharesVolumes).Select(volume => new V1VolumeMount { Name = volume.Name, MountPath = volume.MountPath }),
            ],
            StartupProbe = Probe(ProbeKind.Startup),
            ReadinessProbe = Probe(ProbeKind.Readiness),
            LivenessProbe = Probe(ProbeKind.Liveness),
        };
    }

    private static List<V1ContainerPort>? ContainerPorts(IEnumerable<WorkloadPort> ports) =>
        ports.Any() ? [.. ports.Select(port => new V1ContainerPort { Name = port.Name, ContainerPort = port.ContainerPort, Protocol = "TCP" })] : null;

    /// <summary>
    /// Runs until the waited-for resource answers (<c>WaitFor</c> as a cluster understands it): its answer check, or else
    /// until its port opens.
    /// </summary>
    private static V1Container WaitContainer(WaitTarget target) => new()
    {
        Name = $"wait-for-{KubernetesNames.ObjectName(target.Name)}",
        Image = target.Image,
        ImagePullPolicy = "IfNotPresent",
        Command =
        [
            "sh", .. KubernetesScriptFile.ShellArguments(
                KubernetesScriptFile.WaitFor,
                target.AnswerCheck ?? ["nc", "-z", target.Name, target.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)]),
        ],
        Env =
        [
            new V1EnvVar { Name = "TARGET_HOST", Value = target.Name },
            new V1EnvVar { Name = "TARGET_PORT", Value = target.Port.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            .. target.SecretEnvironment.Select(ToEnvVar),
        ],
        Resources = Resources(KubernetesDefaults.WaitContainer),
        SecurityContext = LockedDown(),
    };

    private static V1SecurityContext LockedDown() => new()
    {
        RunAsNonRoot = true,
        AllowPrivilegeEscalation = false,
        ReadOnlyRootFilesystem = true,
        Capabilities = new V1Capabilities { Drop = ["ALL"] },
        SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
    };

    private static V1EnvVar ToEnvVar(EnvironmentEntry entry) => entry.FromSecret is { } secret
        ? new V1EnvVar
        {
            Name = entry.Name,
            ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = secret.SecretName, Key = secret.Key } },
        }
        : new V1EnvVar { Name = entry.Name, Value = entry.Value };

    private static V1ResourceRequirements Resources(KubernetesResourceSettings settings) => new()
    {
        Requests = Quantities(settings.CpuRequest, settings.MemoryRequest),
        Limits = Quantities(settings.CpuLimit, settings.MemoryLimit),
    };

    private static Dictionary<string, ResourceQuantity> Quantities(string? cpu, string? memory)
    {
        var quantities = new Dictionary<string, ResourceQuantity>();
        if (cpu is not null)
        {
            quantities["cpu"] = new ResourceQuantity(cpu);
        }

        if (memory is not null)
        {
            quantities["memory"] = new ResourceQuantity(memory);
        }

        return quantities;
    }

    private static V1Probe? Probe(Workload workload, ProbeKind kind)
    {
        if (workload.HttpProbes.FirstOrDefault(probe => probe.Kind == kind) is { } http)
        {
            return Timed(kind, http.Timings, new V1Probe
            {
                HttpGet = new V1HTTPGetAction { Path = http.Path, Port = http.PortName, Scheme = http.Scheme },
            });
        }

        if (workload.ExecProbes.LastOrDefault(probe => probe.Kinds.Contains(kind)) is { } exec)
        {
            return Timed(kind, null, new V1Probe { Exec = new V1ExecAction { Command = [.. exec.Command] } });
        }

        return null;
    }

    private static V1Probe Timed(ProbeKind kind, ProbeTimings? own, V1Probe probe)
    {
        var timings = KubernetesDefaults.ProbeTimings(kind).OverriddenBy(own);
        probe.PeriodSeconds = timings.PeriodSeconds;
        probe.TimeoutSeconds = timings.TimeoutSeconds;
        probe.FailureThreshold = timings.FailureThreshold;
        probe.InitialDelaySeconds = timings.InitialDelaySeconds;
        return probe;
    }
}
