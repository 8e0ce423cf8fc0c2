using k8s;
using k8s.Models;
using Aspire.Hosting;
using QuoteAspire.AppHost.QuoteStore;
using QuoteAspire.Tests.Infrastructure;

namespace QuoteAspire.Tests.Kubernetes;

/// <summary>What a cluster would check, and what the article's deployment needs, in the published manifests.</summary>
[Trait(Tier.Name, Tier.Fast)]
public sealed class KubernetesManifestTests(PublishedManifests published) : IClassFixture<PublishedManifests>
{
    private static readonly string[] Labels =
        ["app.kubernetes.io/name", "app.kubernetes.io/part-of", "app.kubernetes.io/component", "app.kubernetes.io/managed-by"];

    // Pods that serve: they have probes, and a selector that keeps them.
    private IEnumerable<(string Owner, V1PodTemplateSpec Template)> ServingPodTemplates =>
        published.All<V1Deployment>().Select(deployment => (deployment.Metadata.Name, deployment.Spec.Template))
            .Concat(published.All<V1StatefulSet>().Select(set => (set.Metadata.Name, set.Spec.Template)));

    private IEnumerable<(string Owner, V1PodTemplateSpec Template)> PodTemplates =>
        ServingPodTemplates
            .Concat(published.All<V1CronJob>().Select(job => (job.Metadata.Name, job.Spec.JobTemplate.Spec.Template)))
            .Concat(published.All<V1Job>().Select(job => (job.Metadata.GenerateName.TrimEnd('-'), job.Spec.Template)));

    private V1PodSpec StorePod => published.Named<V1StatefulSet>("quote-store").Spec.Template.Spec;

    private V1Container StoreNode => Assert.Single(StorePod.Containers, container => container.Name == "quote-store");

    private V1Container StoreSentinel => Assert.Single(StorePod.Containers, container => container.Name == "sentinel");

    private IEnumerable<V1Container> AllContainers =>
        PodTemplates.SelectMany(pod => pod.Template.Spec.Containers.Concat(pod.Template.Spec.InitContainers ?? []));

    [Fact]
    public void EveryObjectHasItsOwnFileAndTheKustomizationListsAllButWhatHoldsDataAndTheRestore()
    {
        var kustomization = new YamlDotNet.Serialization.Deserializer().Deserialize<Dictionary<string, object>>(published.Files["kustomization.yaml"]);
        var listed = ((List<object>)kustomization["resources"]).Cast<string>().Order(StringComparer.Ordinal);

        // `kubectl delete -k` must not take the Namespace, and the store's volume claims with it, nor the backups' claim;
        // `kubectl apply -k` must not start a restore.
        Assert.Equal(
            published.Objects.Keys.Where(file => file is not "namespace-quoteaspire.yaml" and not "persistentvolumeclaim-quote-store-backups.yaml" and not "job-quote-store-restore.yaml")
                .Order(StringComparer.Ordinal),
            listed);
        Assert.Equal("quoteaspire", kustomization["namespace"]);
        Assert.Equal(
            ["cronjob-quote-store-backup.yaml", "deployment-quote-frontend.yaml", "horizontalpodautoscaler-quote-frontend.yaml", "job-quote-store-restore.yaml", "namespace-quoteaspire.yaml", "networkpolicy-quote-frontend.yaml",
             "networkpolicy-quote-store.yaml", "persistentvolumeclaim-quote-store-backups.yaml", "poddisruptionbudget-quote-frontend.yaml", "poddisruptionbudget-quote-store.yaml",
             "secret-quote-store-backup-password.yaml", "secret-quote-store-frontend-password.yaml", "secret-quote-store-password.yaml",
             "secret-quote-store-replication-password.yaml", "secret-quote-store-restore-password.yaml", "secret-quote-store-sentinel-password.yaml",
             "service-quote-frontend.yaml", "service-quote-store-peers.yaml", "service-quote-store.yaml",
             "serviceaccount-quote-frontend.yaml", "serviceaccount-quote-store-backup.yaml", "serviceaccount-quote-store-restore.yaml", "serviceaccount-quote-store.yaml",
             "statefulset-quote-store.yaml"],
            published.Objects.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ServiceSelectorsMatchThePodsOfTheirWorkload()
    {
        foreach (var service in published.All<V1Service>())
        {
            // A resource's Services (its own, and its peers' headless one) carry its name label.
            var pods = Assert.Single(PodTemplates, pod => pod.Owner == service.Metadata.Labels["app.kubernetes.io/name"]).Template;
            Assert.All(service.Spec.Selector, label => Assert.Equal(label.Value, pods.Metadata.Labels[label.Key]));
        }

        foreach (var (owner, template) in ServingPodTemplates)
        {
            var selector = published.All<V1Deployment>().Where(d => d.Metadata.Name == owner).Select(d => d.Spec.Selector)
                .Concat(published.All<V1StatefulSet>().Where(s => s.Metadata.Name == owner).Select(s => s.Spec.Selector)).Single();
            Assert.All(selector.MatchLabels, label => Assert.Equal(label.Value, template.Metadata.Labels[label.Key]));
        }
    }

    [Fact]
    public void ServicesAreNamedAfterTheArticlesResourcesSoItsVariablesFindThem()
    {
        var store = published.Named<V1Service>("quote-store");
        var frontend = published.Named<V1Service>("quote-frontend");

        // ClusterIP, not headless: Kubernetes then injects QUOTE_STORE_SERVICE_HOST into every pod. It reaches the
        // Sentinels, which name the primary; a data port behind it would reach a replica two times in three.
        Assert.Equal("ClusterIP", store.Spec.Type);
        Assert.NotEqual("None", store.Spec.ClusterIP);
        Assert.Equal(("sentinel", 26379), (Assert.Single(store.Spec.Ports).Name, store.Spec.Ports[0].Port));
        // Each peer by name, quote-store-0.quote-store-peers, on both ports, from before it is ready.
        var peers = published.Named<V1Service>("quote-store-peers");
        Assert.Equal(("None", true), (peers.Spec.ClusterIP, peers.Spec.PublishNotReadyAddresses));
        Assert.Equal([6379, 26379], peers.Spec.Ports.Select(port => port.Port));

        Assert.Equal("NodePort", frontend.Spec.Type);
        var port = Assert.Single(frontend.Spec.Ports);
        Assert.Equal(8000, port.Port);
        var container = Assert.Single(published.Named<V1Deployment>("quote-frontend").Spec.Template.Spec.Containers);
        var target = Assert.Single(container.Ports, containerPort => containerPort.Name == port.TargetPort.Value);
        Assert.Equal(8080, target.ContainerPort);
        Assert.Equal("8080", Assert.Single(container.Env, env => env.Name == "HTTP_PORTS").Value);
    }

    [Fact]
    public void ProbesUseNamedContainerPortsAndCapitalSchemes()
    {
        // A job's pod runs to completion and is never probed.
        foreach (var container in ServingPodTemplates.SelectMany(pod => pod.Template.Spec.Containers))
        {
            foreach (var probe in new[] { container.StartupProbe, container.ReadinessProbe, container.LivenessProbe })
            {
                Assert.NotNull(probe);
                if (probe.HttpGet is { } http)
                {
                    Assert.Contains(container.Ports, port => port.Name == http.Port.Value);
                    Assert.True(http.Scheme is "HTTP" or "HTTPS", $"The probe scheme '{http.Scheme}' is not in capitals.");
                }
                else
                {
                    Assert.NotNull(probe.Exec);
                }
            }
        }

        foreach (var container in new[] { StoreNode, StoreSentinel })
        {
            Assert.Contains("redis-cli", string.Join(' ', container.ReadinessProbe.Exec.Command), StringComparison.Ordinal);
            Assert.Contains("REDISCLI_AUTH=\"$REDIS_PASSWORD\"", string.Join(' ', container.LivenessProbe.Exec.Command), StringComparison.Ordinal);
        }

        Assert.Contains("-p 26379", string.Join(' ', StoreSentinel.ReadinessProbe.Exec.Command), StringComparison.Ordinal);
    }

    [Fact]
    public void EverySecretKeyReferencedExists()
    {
        var secrets = published.All<V1Secret>().ToDictionary(secret => secret.Metadata.Name, secret => secret.StringData);
        var references = AllContainers.SelectMany(container => container.Env ?? []).Select(env => env.ValueFrom?.SecretKeyRef).OfType<V1SecretKeySelector>().ToList();

        Assert.NotEmpty(references);
        Assert.All(references, reference => Assert.True(
            secrets.TryGetValue(reference.Name, out var data) && data.ContainsKey(reference.Key),
            $"Secret {reference.Name} has no key {reference.Key}."));
    }

    [Fact]
    public void EveryNameIsAValidDns1123Label()
    {
        // An on-demand Job's runs are named by the API server: its prefix and five characters.
        var names = published.Objects.Values.Cast<IMetadata<V1ObjectMeta>>().Select(item => item.Metadata.Name ?? $"{item.Metadata.GenerateName}x7k2p")
            .Concat(AllContainers.Select(container => container.Name))
            .Concat(published.All<V1StatefulSet>().SelectMany(set => set.Spec.VolumeClaimTemplates).Select(claim => claim.Metadata.Name));

        Assert.All(names, name => Assert.Matches("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$", name));
    }

    [Fact]
    public void EveryContainerHasAnImageLimitsAndALockedDownSecurityContext()
    {
        Assert.All(AllContainers, container =>
        {
            Assert.False(string.IsNullOrWhiteSpace(container.Image), $"{container.Name} has no image.");
            Assert.True(container.Resources.Requests.ContainsKey("cpu") && container.Resources.Requests.ContainsKey("memory"), $"{container.Name} lacks requests.");
            Assert.True(container.Resources.Limits.ContainsKey("cpu") && container.Resources.Limits.ContainsKey("memory"), $"{container.Name} lacks limits.");
            var security = container.SecurityContext;
            Assert.True(security.RunAsNonRoot);
            Assert.True(security.ReadOnlyRootFilesystem);
            Assert.False(security.AllowPrivilegeEscalation);
            Assert.Equal(["ALL"], security.Capabilities.Drop);
            Assert.Equal("RuntimeDefault", security.SeccompProfile.Type);
        });
        Assert.All(PodTemplates, pod =>
        {
            Assert.True(pod.Template.Spec.SecurityContext.RunAsNonRoot);
            Assert.NotNull(pod.Template.Spec.SecurityContext.RunAsUser);
            Assert.Contains(pod.Template.Spec.Volumes, volume => volume.EmptyDir is not null && pod.Template.Spec.Containers.All(c => c.VolumeMounts.Any(m => m.Name == volume.Name && m.MountPath == "/tmp")));
        });
    }

    [Fact]
    public void TheStorePasswordAppearsInTheSecretAndNowhereElse()
    {
        var secretFile = Assert.Single(published.Files, file => file.Value.Contains(PublishedManifests.StorePassword, StringComparison.Ordinal));

        Assert.Equal("secret-quote-store-password.yaml", secretFile.Key);
        Assert.IsType<V1Secret>(published.Objects[secretFile.Key]);
        Assert.Empty(published.All<V1ConfigMap>());
    }

    [Fact]
    public void FrontendSignsInAsItsOwnUserWithItsOwnPasswordFromItsSecretAndNeverTheAdministrators()
    {
        var env = Assert.Single(published.Named<V1Deployment>("quote-frontend").Spec.Template.Spec.Containers).Env;

        var connection = Assert.Single(env, variable => variable.Name == "ConnectionStrings__quote-store");
        // Every data node by its pod's name: StackExchange.Redis writes to whichever says it is the primary, and the frontend
        // reads the roles again as soon as a write meets a replica or a node goes, rather than wait for the Sentinels' word.
        Assert.Equal(
            "quote-store-0.quote-store-peers:6379,quote-store-1.quote-store-peers:6379,quote-store-2.quote-store-peers:6379,user=quote-frontend,password=$(SECRET_QUOTE_STORE_FRONTEND_PASSWORD)",
            connection.Value);
        // A post is acknowledged once a replica has it, as many as the primary needs in sync to take writes.
        Assert.Equal("1", Assert.Single(env, variable => variable.Name == QuoteStoreBuilderExtensions.AcknowledgingReplicasVariable).Value);
        var secretVariable = Assert.Single(env, variable => variable.Name == "SECRET_QUOTE_STORE_FRONTEND_PASSWORD");
        Assert.Equal("quote-store-frontend-password", secretVariable.ValueFrom.SecretKeyRef.Name);
        Assert.DoesNotContain(env, variable => variable.ValueFrom?.SecretKeyRef?.Name == "quote-store-password");
        // Kubernetes expands $(VAR) only from variables defined earlier in the list.
        Assert.True(env.IndexOf(secretVariable) < env.IndexOf(connection));
    }

    [Fact]
    public void StoreIsThreePeersOnSeparateNodesEachAnAppendOnlyRedisWithASentinelBesideIt()
    {
        var store = published.Named<V1StatefulSet>("quote-store");
        var claim = Assert.Single(store.Spec.VolumeClaimTemplates);
        var node = ScriptCommand.Of(StoreNode.Args);
        var sentinel = ScriptCommand.Of(StoreSentinel.Command);

        Assert.Equal((3, "quote-store-peers"), (store.Spec.Replicas, store.Spec.ServiceName));
        Assert.Equal(["quote-store", "sentinel", "redis-exporter"], StorePod.Containers.Select(container => container.Name));
        // Two copies on one node would be lost together: required, not preferred.
        var apart = Assert.Single(StorePod.Affinity.PodAntiAffinity.RequiredDuringSchedulingIgnoredDuringExecution);
        Assert.Equal("kubernetes.io/hostname", apart.TopologyKey);
        Assert.Equal(store.Spec.Selector.MatchLabels, apart.LabelSelector.MatchLabels);
        var budget = published.Named<V1PodDisruptionBudget>("quote-store");
        Assert.Equal("1", budget.Spec.MaxUnavailable.Value);
        Assert.Equal(store.Spec.Selector.MatchLabels, budget.Spec.Selector.MatchLabels);

        Assert.Equal("1Gi", claim.Spec.Resources.Requests["storage"].ToString());
        Assert.Contains(StoreNode.VolumeMounts, mount => mount.Name == claim.Metadata.Name && mount.MountPath == "/data");
        // Both run the store's start script, each in its role, with the set's settings as options.
        Assert.Equal(("store-start.sh", "data-node", "store-start.sh", "sentinel"), (node.Name, node.Arguments[0], sentinel.Name, sentinel.Arguments[0]));
        Assert.Contains("--appendonly yes", node.Text, StringComparison.Ordinal);
        Assert.Equal("384mb", node.Option("--maxmemory"));
        Assert.Contains("--save \"\" --maxmemory \"$maxmemory\" --maxmemory-policy noeviction", node.Text, StringComparison.Ordinal);
        // A primary cut off from every replica refuses writes; each node is known by its pod's name, not its address.
        Assert.Contains("--min-replicas-to-write 1 --min-replicas-max-lag 10", node.ArgumentLine, StringComparison.Ordinal);
        Assert.Contains("--min-replicas-to-write \"$min_replicas_to_write\" --min-replicas-max-lag \"$min_replicas_max_lag\"", node.Text, StringComparison.Ordinal);
        Assert.Contains("--replica-announce-ip \"$self\"", node.Text, StringComparison.Ordinal);
        Assert.Equal("quote-store-peers", node.Option("--peers-domain"));
        Assert.Contains("self=\"$(hostname).$peers_domain\"", node.Text, StringComparison.Ordinal);
        // Replicas and Sentinels sign in to the data nodes as users of their own, with passwords of their own: the script
        // reads each from the variable its option names.
        Assert.Equal(["replication", "REDIS_PASSWORD_REPLICATION"], Assert.Single(node.Options("--master-user", 2)));
        Assert.Contains(
            """
            masteruser $master_user
            masterauth \"$(quoted "$master_variable")\""
            """,
            node.Text,
            StringComparison.Ordinal);
        Assert.Contains(node.Options("--user", 2), user => user.SequenceEqual(["replication", "REDIS_PASSWORD_REPLICATION"]));
        Assert.Contains(node.Options("--user", 2), user => user.SequenceEqual(["sentinel", "REDIS_PASSWORD_SENTINEL"]));
        Assert.Contains("line=\"user $1 on resetpass\"", node.Text, StringComparison.Ordinal);
        Assert.Equal(["sentinel", "REDIS_PASSWORD_SENTINEL"], Assert.Single(sentinel.Options("--auth-user", 2)));
        Assert.Contains("sentinel auth-user $set_name $auth_user\nsentinel auth-pass $set_name \"$(quoted \"$auth_variable\")\"", sentinel.Text, StringComparison.Ordinal);
        Assert.Equal(("quote-store", "2"), (sentinel.Option("--set-name"), sentinel.Option("--quorum")));
        Assert.Contains("sentinel monitor $set_name $primary 6379 $quorum", sentinel.Text, StringComparison.Ordinal);
        Assert.Contains("sentinel announce-hostnames yes", sentinel.Text, StringComparison.Ordinal);
        Assert.StartsWith("docker.io/library/redis:", StoreNode.Image, StringComparison.Ordinal);
        Assert.Equal(StoreNode.Image, StoreSentinel.Image);
        Assert.Equal(999, StorePod.SecurityContext.FsGroup);
    }

    [Fact]
    public void ACronJobBacksTheStoreUpFromAReplicaOntoAClaimOfItsOwnEverySixHoursKeepingSeven()
    {
        var job = published.Named<V1CronJob>("quote-store-backup");
        var pod = job.Spec.JobTemplate.Spec.Template.Spec;
        var container = Assert.Single(pod.Containers);
        var script = container.Args[1];

        // sh -c SCRIPT $0 SET FOLDER KEEP NODE...
        Assert.Equal(["backup.sh", "quote-store", "/backups", "7", "quote-store-0.quote-store-peers", "quote-store-1.quote-store-peers", "quote-store-2.quote-store-peers"], container.Args.Skip(2));
        Assert.Equal(("0 */6 * * *", "Forbid", "OnFailure"), (job.Spec.Schedule, job.Spec.ConcurrencyPolicy, pod.RestartPolicy));
        var claim = published.Named<V1PersistentVolumeClaim>("quote-store-backups");
        Assert.Equal(claim.Metadata.Name, Assert.Single(pod.Volumes, volume => volume.PersistentVolumeClaim is not null).PersistentVolumeClaim.ClaimName);
        Assert.Contains(container.VolumeMounts, mount => mount.MountPath == "/backups");
        Assert.Contains("*role:slave*master_link_status:up*", script, StringComparison.Ordinal);
        Assert.Contains("--rdb \"$file.partial\"", script, StringComparison.Ordinal);
        // A failed copy leaves no partial file behind.
        Assert.Contains("trap 'rm -f -- \"$file.partial\"' EXIT", script, StringComparison.Ordinal);
        // As the store's backup user, with its own password, never the administrator's.
        Assert.Equal("quote-backup", Assert.Single(container.Env, variable => variable.Name == "REDIS_USER").Value);
        Assert.Equal(["quote-store-backup-password"], SecretsReadBy(container));
    }

    // The Secrets a container's environment reads.
    private static string[] SecretsReadBy(V1Container container) =>
        [.. (container.Env ?? []).Where(variable => variable.ValueFrom?.SecretKeyRef is not null).Select(variable => variable.ValueFrom.SecretKeyRef.Name).Distinct().Order(StringComparer.Ordinal)];

    [Fact]
    public void ARestoreJobOnTheBackupClaimRunsOnlyWhenAnOperatorCreatesIt()
    {
        var backup = published.Named<V1CronJob>("quote-store-backup");
        var restore = published.Named<V1Job>("quote-store-restore");
        var pod = restore.Spec.Template.Spec;
        var container = Assert.Single(pod.Containers);
        var script = container.Args[1];

        // No schedule and no name: each `kubectl create -f` runs it once under a name of its own; `kubectl apply` refuses it.
        Assert.Equal((null, "quote-store-restore-"), (restore.Metadata.Name, restore.Metadata.GenerateName));
        Assert.Equal((2, 600L, 604_800), (restore.Spec.BackoffLimit, restore.Spec.ActiveDeadlineSeconds, restore.Spec.TtlSecondsAfterFinished));
        Assert.DoesNotContain(published.All<V1CronJob>(), job => job.Metadata.Name.Contains("restore", StringComparison.Ordinal));
        // The claim the backups are on, written once, by the backup job's manifests.
        Assert.Equal(
            backup.Spec.JobTemplate.Spec.Template.Spec.Volumes.Single(volume => volume.PersistentVolumeClaim is not null).PersistentVolumeClaim.ClaimName,
            Assert.Single(pod.Volumes, volume => volume.PersistentVolumeClaim is not null).PersistentVolumeClaim.ClaimName);
        Assert.Single(published.All<V1PersistentVolumeClaim>());
        Assert.Equal(string.Empty, Assert.Single(container.Env, variable => variable.Name == "BACKUP_FILE").Value);
        Assert.Equal("quote-restore", Assert.Single(container.Env, variable => variable.Name == "REDIS_USER").Value);
        Assert.Equal(["quote-store-restore-password"], SecretsReadBy(container));
        // Onto the primary only, with the list and every idempotency record replaced and the post budgets left alone:
        // sh -c SCRIPT $0 SET FOLDER LIST RECORD-PATTERNS NODE...
        Assert.Equal(
            ["restore.sh", "quote-store", "/backups", "quotes", "quotes:idempotency:* quotes:idempotency-pending:*", "quote-store-0.quote-store-peers", "quote-store-1.quote-store-peers", "quote-store-2.quote-store-peers"],
            container.Args.Skip(2));
        Assert.Contains("*role:master*) primary=\"$peer\"", script, StringComparison.Ordinal);
        Assert.Contains("MIGRATE \"$primary\" 6379 \"$key\" 0 10000 COPY REPLACE AUTH2 \"$REDIS_USER\" \"$REDIS_PASSWORD\"", script, StringComparison.Ordinal);
        // The list in batches, never in one command that would hold the primary; the job has the store's memory to read the copy in.
        Assert.Contains("LPOP\", KEYS[1], ARGV[1]", script, StringComparison.Ordinal);
        Assert.Equal(StoreNode.Resources.Limits["memory"], container.Resources.Limits["memory"]);
    }

    [Fact]
    public void FrontendWaitsForTheStoreWithAnInitContainerThatAsksRedis()
    {
        var init = Assert.Single(published.Named<V1Deployment>("quote-frontend").Spec.Template.Spec.InitContainers);

        // Its wait runs the store's check until it succeeds.
        var wait = ScriptCommand.Of(init.Command);
        var check = ScriptCommand.Of(wait.Arguments);
        Assert.Equal("wait-for-quote-store", init.Name);
        Assert.Equal(("wait-for.sh", "store-ping.sh"), (wait.Name, check.Name));
        Assert.Contains("redis-cli", check.Text, StringComparison.Ordinal);
        Assert.Equal("quote-store", Assert.Single(init.Env, env => env.Name == "TARGET_HOST").Value);
        // Signed in as the frontend's own user, with its password alone.
        Assert.Equal(["--user", "quote-frontend", "REDIS_PASSWORD_QUOTE_FRONTEND"], check.Arguments);
        Assert.Equal(["quote-store-frontend-password"], SecretsReadBy(init));
    }

    [Fact]
    public void FrontendMemoryIsSizedForTheNativeExecutableNotTheDefaultForAJitProcess()
    {
        var frontend = Assert.Single(published.Named<V1Deployment>("quote-frontend").Spec.Template.Spec.Containers);

        Assert.Equal(("64Mi", "128Mi"), (frontend.Resources.Requests["memory"].ToString(), frontend.Resources.Limits["memory"].ToString()));
    }

    [Fact]
    public void FrontendRunsTwoReplicasThatRollWithoutLosingCapacityAndScaleToFourOnCpu()
    {
        var frontend = published.Named<V1Deployment>("quote-frontend");
        var budget = published.Named<V1PodDisruptionBudget>("quote-frontend");
        var autoscaler = published.Named<V2HorizontalPodAutoscaler>("quote-frontend");
        var cpu = Assert.Single(autoscaler.Spec.Metrics).Resource;

        // The autoscaler owns the count, from two, as the article ran it; an apply must not reset it.
        Assert.Null(frontend.Spec.Replicas);
        Assert.Equal((2, 4), (autoscaler.Spec.MinReplicas, autoscaler.Spec.MaxReplicas));
        Assert.Equal(("apps/v1", "Deployment", "quote-frontend"), (autoscaler.Spec.ScaleTargetRef.ApiVersion, autoscaler.Spec.ScaleTargetRef.Kind, autoscaler.Spec.ScaleTargetRef.Name));
        Assert.Equal(("cpu", "Utilization", 70), (cpu.Name, cpu.Target.Type, cpu.Target.AverageUtilization));
        Assert.Equal("0", frontend.Spec.Strategy.RollingUpdate.MaxUnavailable.Value);
        Assert.Equal(frontend.Spec.Selector.MatchLabels, budget.Spec.Selector.MatchLabels);
        Assert.Equal("1", budget.Spec.MaxUnavailable.Value);
    }

    [Fact]
    public void OnlyTheFrontendTheBackupAndRestoreJobsAndThePeersThemselvesMayReachTheStore()
    {
        var policy = published.Named<V1NetworkPolicy>("quote-store");
        var store = published.Named<V1StatefulSet>("quote-store");

        Assert.Equal(store.Spec.Selector.MatchLabels, policy.Spec.PodSelector.MatchLabels);
        // The other rule admits Prometheus to the exporter's port alone (MonitoringManifestTests).
        var rule = Assert.Single(policy.Spec.Ingress, rule => rule.Ports.All(port => port.Port.Value != "metrics"));
        Assert.Equal(
            ["quote-frontend", "quote-store", "quote-store-backup", "quote-store-restore"],
            rule.FromProperty.Select(peer => peer.PodSelector.MatchLabels["app.kubernetes.io/name"]).Order(StringComparer.Ordinal));
        // The frontend asks a Sentinel for the primary, then writes to the primary itself.
        Assert.Equal(["tcp", "sentinel"], rule.Ports.Select(port => port.Port.Value));
    }

    [Fact]
    public void TheFrontendOnItsNodePortAdmitsAnyoneOnItsHttpPortAndNothingElse()
    {
        var policy = published.Named<V1NetworkPolicy>("quote-frontend");

        Assert.Equal(published.Named<V1Deployment>("quote-frontend").Spec.Selector.MatchLabels, policy.Spec.PodSelector.MatchLabels);
        Assert.Equal("NodePort", published.Named<V1Service>("quote-frontend").Spec.Type);
        var rule = Assert.Single(policy.Spec.Ingress);
        // No `from`: a NodePort's clients come from outside the cluster, through any node.
        Assert.Null(rule.FromProperty);
        Assert.Equal("http", Assert.Single(rule.Ports).Port.Value);
    }

    [Fact]
    public void TheNamespaceEnforcesTheRestrictedPodSecurityStandardThatEveryPodMeets()
    {
        var labels = Assert.Single(published.All<V1Namespace>()).Metadata.Labels;

        foreach (var mode in new[] { "enforce", "warn", "audit" })
        {
            Assert.Equal("restricted", labels[$"pod-security.kubernetes.io/{mode}"]);
        }
    }

    [Fact]
    public void EachWorkloadRunsAsAServiceAccountOfItsOwnThatMountsNoToken()
    {
        var accounts = published.All<V1ServiceAccount>().ToDictionary(account => account.Metadata.Name);

        foreach (var (owner, template) in PodTemplates)
        {
            Assert.Equal(owner, template.Spec.ServiceAccountName);
            Assert.False(accounts[owner].AutomountServiceAccountToken, $"{owner}'s ServiceAccount mounts a token.");
            Assert.False(template.Spec.AutomountServiceAccountToken, $"{owner}'s pods mount a token.");
        }

        Assert.Equal(PodTemplates.Select(pod => pod.Owner).Order(StringComparer.Ordinal), accounts.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void PodTemplatesCarryTheirInstanceAndTheirImagesVersionOutsideEverySelector()
    {
        var frontend = published.Named<V1Deployment>("quote-frontend");
        var store = published.Named<V1StatefulSet>("quote-store");

        Assert.Equal(("quoteaspire", "latest"), (frontend.Spec.Template.Metadata.Labels["app.kubernetes.io/instance"], frontend.Spec.Template.Metadata.Labels["app.kubernetes.io/version"]));
        Assert.Equal(("quoteaspire", "8.6"), (store.Spec.Template.Metadata.Labels["app.kubernetes.io/instance"], store.Spec.Template.Metadata.Labels["app.kubernetes.io/version"]));
        // A new version must not change what the Deployment and StatefulSet select, which cannot change.
        Assert.DoesNotContain("app.kubernetes.io/version", frontend.Spec.Selector.MatchLabels.Keys);
        Assert.DoesNotContain("app.kubernetes.io/version", store.Spec.Selector.MatchLabels.Keys);
    }

    [Fact]
    public void TheFrontendSpreadsOverNodesAndZonesAndTheStorePeersOverZonesWhereTheClusterHasThem()
    {
        static string[] Keys(V1PodTemplateSpec template) => [.. template.Spec.TopologySpreadConstraints.Select(spread => spread.TopologyKey)];

        Assert.Equal(["kubernetes.io/hostname", "topology.kubernetes.io/zone"], Keys(published.Named<V1Deployment>("quote-frontend").Spec.Template));
        Assert.Equal(["topology.kubernetes.io/zone"], Keys(published.Named<V1StatefulSet>("quote-store").Spec.Template));
        Assert.All(
            ServingPodTemplates.SelectMany(pod => pod.Template.Spec.TopologySpreadConstraints),
            spread => Assert.Equal("ScheduleAnyway", spread.WhenUnsatisfiable));
    }

    [Fact]
    public void EveryObjectCarriesTheStandardLabels()
    {
        foreach (var item in published.Objects.Values.Cast<IMetadata<V1ObjectMeta>>().Where(item => item is not V1Namespace))
        {
            Assert.All(Labels, label => Assert.True(item.Metadata.Labels?.ContainsKey(label), $"{item.Metadata.Name} lacks {label}."));
        }
    }

    [Fact]
    public void EveryContainerUsesAnImageAlreadyOnTheNodeInsteadOfPullingOnEachStart()
    {
        Assert.All(AllContainers, container => Assert.Equal("IfNotPresent", container.ImagePullPolicy));
        Assert.All(PodTemplates, pod => Assert.Null(pod.Template.Spec.ImagePullSecrets));
    }

    [Fact]
    public void FrontendPodsStayReadyWhileTheStoreIsAwaySoClientsGetTheDesigned503()
    {
        var frontend = Assert.Single(published.Named<V1Deployment>("quote-frontend").Spec.Template.Spec.Containers);

        Assert.Equal("/alive", frontend.StartupProbe.HttpGet.Path);
        Assert.Equal("/alive", frontend.ReadinessProbe.HttpGet.Path);
        Assert.Equal("/alive", frontend.LivenessProbe.HttpGet.Path);
    }

    [Fact]
    public void FrontendTrustsNoForwardedHeadersSoNoClientCanPickAnotherClientsBudget()
    {
        var frontend = Assert.Single(published.Named<V1Deployment>("quote-frontend").Spec.Template.Spec.Containers);

        Assert.DoesNotContain(frontend.Env, variable => variable.Name == "ASPNETCORE_FORWARDEDHEADERS_ENABLED");
    }

    [Fact]
    public void TheStoreCountsAsStartedAndAliveWhileItLoadsItsDataButReadyOnlyOnceItAnswersPong()
    {
        var store = StoreNode;

        Assert.Contains("PONG|LOADING", string.Join(' ', store.LivenessProbe.Exec.Command), StringComparison.Ordinal);
        Assert.Contains("PONG|LOADING", string.Join(' ', store.StartupProbe.Exec.Command), StringComparison.Ordinal);
        // Asked with --alive, the store's check takes LOADING for an answer (store-ping.sh).
        Assert.Equal(["--alive"], ScriptCommand.Of(store.LivenessProbe.Exec.Command).Arguments);
        Assert.Equal(["--alive"], ScriptCommand.Of(store.StartupProbe.Exec.Command).Arguments);
        Assert.DoesNotContain("PONG|LOADING", string.Join(' ', store.ReadinessProbe.Exec.Command), StringComparison.Ordinal);
        Assert.Contains("grep -q PONG", string.Join(' ', store.ReadinessProbe.Exec.Command), StringComparison.Ordinal);
    }

    [Fact]
    public void AReplicaIsReadyOnlyWithItsLinkUpAndItsFirstSyncDone()
    {
        var readiness = string.Join(' ', StoreNode.ReadinessProbe.Exec.Command);

        Assert.Contains("master_link_status:up", readiness, StringComparison.Ordinal);
        Assert.Contains("master_sync_in_progress:0", readiness, StringComparison.Ordinal);
    }

    [Fact]
    public void APlannedStopOfTheStoreHandsThePrimaryOverWithinTheGracePeriod()
    {
        var preStop = StoreNode.Lifecycle.PreStop.Exec.Command;

        // The script, then its arguments: the set, the peers' domain, and the seconds the handover may take.
        Assert.Equal(["sh", "-c"], preStop.Take(2));
        Assert.Contains("sentinel failover", preStop[2], StringComparison.Ordinal);
        Assert.Equal(["peer-prestop.sh", "quote-store", "quote-store-peers"], preStop.Skip(3).Take(3));
        var handover = int.Parse(preStop[6], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(StorePod.TerminationGracePeriodSeconds > handover + 10, $"A grace period of {StorePod.TerminationGracePeriodSeconds} s leaves too little for the shutdown after a {handover} s handover.");
    }

    [Fact]
    public void PeersStartTogetherAndARollingUpdateWaitsForEachToBeSeenBack()
    {
        var store = published.Named<V1StatefulSet>("quote-store").Spec;

        Assert.Equal("Parallel", store.PodManagementPolicy);
        Assert.True(store.MinReadySeconds >= 10, "The Sentinels refresh what they know of a replica every 10 s.");
    }

    [Fact]
    public void EachSentinelKeepsItsStateOnItsPodsClaim()
    {
        var claim = Assert.Single(published.Named<V1StatefulSet>("quote-store").Spec.VolumeClaimTemplates).Metadata.Name;

        Assert.Contains(StoreSentinel.VolumeMounts, mount => mount.Name == claim && mount.MountPath == "/data");
        var sentinel = ScriptCommand.Of(StoreSentinel.Command);
        Assert.Equal("/data/sentinel", sentinel.Option("--sentinel-state"));
        Assert.Contains("conf=\"${sentinel_state:-/tmp}/sentinel.conf\"", sentinel.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("384mb", "576Mi")]
    [InlineData("1gb", "1536Mi")]
    // A small store still needs room for the server itself: the data and 64Mi.
    [InlineData("2mb", "66Mi")]
    public void TheStorePodsMemoryIsHalfAsMuchAgainAsItsDataAndAtLeast64MiMore(string maxMemory, string podMemory) =>
        Assert.Equal(podMemory, RedisContainerExtensions.PodMemory(maxMemory));

    [Fact]
    public void TheStoreRequestsTheMemoryItIsLimitedToHalfAsMuchAgainAsItsData()
    {
        var resources = StoreNode.Resources;

        // maxmemory 384mb: 576Mi, requested as limited, so a node under memory pressure evicts the store last.
        Assert.Equal("576Mi", resources.Limits["memory"].ToString());
        Assert.Equal(resources.Limits["memory"], resources.Requests["memory"]);
    }

    [Fact]
    public void PodsCarryTheChecksumOfEverySecretTheyReadSoANewPasswordRollsThem()
    {
        var passwords = DefaultManifests.Passwords;

        Assert.All(PodTemplates, pod =>
        {
            var read = pod.Template.Spec.Containers.Concat(pod.Template.Spec.InitContainers ?? []).SelectMany(SecretsReadBy).Distinct().ToList();
            Assert.NotEmpty(read);
            Assert.All(read, secret => Assert.Equal(
                Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(passwords[secret]))),
                pod.Template.Metadata.Annotations[$"checksum/secret-{secret}"]));
        });
    }

    [Fact]
    public void OnlyTheStoresOwnPodsHoldTheAdministratorsPassword()
    {
        var holders = PodTemplates
            .Where(pod => pod.Template.Spec.Containers.Concat(pod.Template.Spec.InitContainers ?? []).SelectMany(SecretsReadBy).Contains("quote-store-password"))
            .Select(pod => pod.Owner);

        Assert.Equal(["quote-store"], holders);
    }

    [Fact]
    public void FrontendPodsSpreadOverNodesAndKeepAnsweringForAMomentWhenToldToStop()
    {
        var pod = published.Named<V1Deployment>("quote-frontend").Spec.Template.Spec;
        var spread = Assert.Single(pod.TopologySpreadConstraints, spread => spread.TopologyKey == "kubernetes.io/hostname");

        Assert.Equal(5, Assert.Single(pod.Containers).Lifecycle.PreStop.Sleep.Seconds);
        Assert.True(pod.TerminationGracePeriodSeconds > 5, "The grace period outlasts the preStop pause.");
        Assert.Equal(("kubernetes.io/hostname", 1, "ScheduleAnyway"), (spread.TopologyKey, spread.MaxSkew, spread.WhenUnsatisfiable));
        Assert.Equal(pod.Containers[0].Name, spread.LabelSelector.MatchLabels["app.kubernetes.io/name"]);
    }
}
