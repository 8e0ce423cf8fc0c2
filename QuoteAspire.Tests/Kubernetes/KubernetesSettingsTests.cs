using k8s.Models;
using QuoteAspire.Tests.Infrastructure;

namespace QuoteAspire.Tests.Kubernetes;

/// <summary>Publish-time settings given as configuration reach the manifests.</summary>
[Trait(Tier.Name, Tier.Fast)]
public sealed class KubernetesSettingsTests
{
    [Fact]
    public async Task AnOtlpEndpointSettingSendsTheFrontendsTelemetryThereUnderItsOwnServiceName()
    {
        using var output = new TemporaryFolder("quoteaspire-k8s-otlp-");
        await KubernetesPublish.RunAsync(output.Path, "Kubernetes:Otlp:Endpoint=http://otel-collector.observability:4317");

        var objects = PublishedManifests.Read(output.Path).Objects.Values.ToList();
        var frontend = Assert.Single(Assert.Single(objects.OfType<V1Deployment>()).Spec.Template.Spec.Containers).Env.ToDictionary(variable => variable.Name, variable => variable.Value);
        Assert.Equal("http://otel-collector.observability:4317", frontend["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        Assert.Equal("grpc", frontend["OTEL_EXPORTER_OTLP_PROTOCOL"]);
        Assert.Equal("quote-frontend", frontend["OTEL_SERVICE_NAME"]);
        Assert.Equal("service.namespace=quoteaspire,k8s.namespace.name=quoteaspire", frontend["OTEL_RESOURCE_ATTRIBUTES"]);
        // Redis exports no OpenTelemetry of its own.
        var store = Assert.Single(objects.OfType<V1StatefulSet>()).Spec.Template.Spec.Containers.SelectMany(container => container.Env ?? []);
        Assert.DoesNotContain(store, variable => variable.Name.StartsWith("OTEL_", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WithoutAnOtlpEndpointNoWorkloadIsToldWhereToSendTelemetry()
    {
        using var output = new TemporaryFolder("quoteaspire-k8s-no-otlp-");
        await KubernetesPublish.RunAsync(output.Path);

        var variables = PublishedManifests.Read(output.Path).Objects.Values.OfType<V1Deployment>()
            .SelectMany(deployment => deployment.Spec.Template.Spec.Containers).SelectMany(container => container.Env);
        Assert.DoesNotContain(variables, variable => variable.Name == "OTEL_EXPORTER_OTLP_ENDPOINT");
    }

    [Fact]
    public async Task BehindAnIngressTheFrontendServiceIsClusterIpAndOnlyTheIngressControllersNamespaceMayReachIt()
    {
        using var output = new TemporaryFolder("quoteaspire-k8s-ingress-");
        await KubernetesPublish.RunAsync(
            output.Path,
            "Kubernetes:Ingress:Host=quotes.example.com",
            "Kubernetes:Ingress:ControllerNamespace=ingress-nginx",
            "Kubernetes:PriorityClassName=quoteaspire-high");

        var objects = PublishedManifests.Read(output.Path).Objects.Values.ToList();
        Assert.Equal("ClusterIP", Assert.Single(objects.OfType<V1Service>(), service => service.Metadata.Name == "quote-frontend").Spec.Type);
        var rule = Assert.Single(Assert.Single(objects.OfType<V1NetworkPolicy>(), policy => policy.Metadata.Name == "quote-frontend").Spec.Ingress);
        var controller = Assert.Single(rule.FromProperty);
        Assert.Equal("ingress-nginx", controller.NamespaceSelector.MatchLabels["kubernetes.io/metadata.name"]);
        Assert.Null(controller.PodSelector);
        Assert.Equal("http", Assert.Single(rule.Ports).Port.Value);

        // The PriorityClass setting reaches every pod: serving ones and the jobs'.
        V1PodSpec[] pods =
        [
            .. objects.OfType<V1Deployment>().Select(deployment => deployment.Spec.Template.Spec),
            .. objects.OfType<V1StatefulSet>().Select(set => set.Spec.Template.Spec),
            .. objects.OfType<V1CronJob>().Select(job => job.Spec.JobTemplate.Spec.Template.Spec),
            .. objects.OfType<V1Job>().Select(job => job.Spec.Template.Spec),
        ];
        Assert.Equal(4, pods.Length);
        Assert.All(pods, pod => Assert.Equal("quoteaspire-high", pod.PriorityClassName));
    }

    [Fact]
    public async Task ConfigurationSetsNamespaceImagesPullSecretReplicasServiceTypeStorageAppendFsyncAndTrustedProxies()
    {
        using var output = new TemporaryFolder("quoteaspire-k8s-settings-");
        await KubernetesPublish.RunAsync(
            output.Path,
            "Kubernetes:Namespace=quotes-prod",
            "Kubernetes:ImageRegistry=registry.example.com/team",
            "Kubernetes:ImageTag=1.2.3",
            "Kubernetes:Resources:quote-frontend:Replicas=3",
            "Kubernetes:Resources:quote-frontend:ServiceType=LoadBalancer",
            "Kubernetes:Resources:quote-store:StorageSize=5Gi",
            "QuoteStore:AppendFsync=always",
            "QuoteStore:Image=mirror.example.com/library/redis:8.6-bookworm",
            "QuoteStore:ExporterImage=mirror.example.com/oliver006/redis_exporter:v1.91.1",
            "Kubernetes:StorageClass=fast-ssd",
            "Kubernetes:ImagePullSecret=registry-login",
            "Kubernetes:Resources:quote-frontend:MaxReplicas=10",
            "Kubernetes:Resources:quote-frontend:TargetCpuUtilization=50",
            "Kubernetes:Ingress:Host=quotes.example.com",
            "Kubernetes:Ingress:ClassName=nginx",
            "Kubernetes:Ingress:TlsSecret=quotes-example-com-tls",
            "QuoteFrontend:TrustedProxies=10.42.0.0/16; 192.168.1.10");

        var objects = PublishedManifests.Read(output.Path).Objects.Values.ToList();
        var frontend = Assert.Single(objects.OfType<V1Deployment>());
        Assert.Null(frontend.Spec.Replicas);
        Assert.Equal("registry.example.com/team/quote-frontend:1.2.3", Assert.Single(frontend.Spec.Template.Spec.Containers).Image);
        Assert.Equal("LoadBalancer", Assert.Single(objects.OfType<V1Service>(), s => s.Metadata.Name == "quote-frontend").Spec.Type);
        var store = Assert.Single(objects.OfType<V1StatefulSet>());
        Assert.Equal("5Gi", Assert.Single(store.Spec.VolumeClaimTemplates).Spec.Resources.Requests["storage"].ToString());
        var storeContainer = Assert.Single(store.Spec.Template.Spec.Containers, container => container.Name == "quote-store");
        Assert.Contains("--appendfsync always", string.Join(' ', storeContainer.Args), StringComparison.Ordinal);
        // The store's image serves the StatefulSet's nodes and Sentinels, the backup job and the frontend's wait for it alike.
        Assert.All(store.Spec.Template.Spec.Containers.SkipLast(1), container => Assert.Equal("mirror.example.com/library/redis:8.6-bookworm", container.Image));
        // The exporter beside them has its own.
        Assert.Equal(("redis-exporter", "mirror.example.com/oliver006/redis_exporter:v1.91.1"), (store.Spec.Template.Spec.Containers[^1].Name, store.Spec.Template.Spec.Containers[^1].Image));
        Assert.Equal("mirror.example.com/library/redis:8.6-bookworm", Assert.Single(frontend.Spec.Template.Spec.InitContainers).Image);
        Assert.Equal("mirror.example.com/library/redis:8.6-bookworm", Assert.Single(objects.OfType<V1CronJob>().Single(job => job.Metadata.Name == "quote-store-backup").Spec.JobTemplate.Spec.Template.Spec.Containers).Image);
        Assert.Equal("fast-ssd", Assert.Single(store.Spec.VolumeClaimTemplates).Spec.StorageClassName);
        Assert.All(
            [frontend.Spec.Template.Spec, store.Spec.Template.Spec],
            pod => Assert.Equal("registry-login", Assert.Single(pod.ImagePullSecrets).Name));
        var autoscaler = Assert.Single(objects.OfType<V2HorizontalPodAutoscaler>());
        Assert.Equal((3, 10, 50), (autoscaler.Spec.MinReplicas, autoscaler.Spec.MaxReplicas, Assert.Single(autoscaler.Spec.Metrics).Resource.Target.AverageUtilization));
        var ingress = Assert.Single(objects.OfType<V1Ingress>());
        var route = Assert.Single(Assert.Single(ingress.Spec.Rules).Http.Paths);
        Assert.Equal(("nginx", "quotes.example.com"), (ingress.Spec.IngressClassName, ingress.Spec.Rules[0].Host));
        Assert.Equal(("quote-frontend", "http", "/", "Prefix"), (route.Backend.Service.Name, route.Backend.Service.Port.Name, route.Path, route.PathType));
        Assert.Equal(("quotes-example-com-tls", "quotes.example.com"), (Assert.Single(ingress.Spec.Tls).SecretName, Assert.Single(ingress.Spec.Tls[0].Hosts)));
        // Behind the ingress controller, its pods' range is the proxy whose X-Forwarded-For names the client.
        var frontendEnvironment = Assert.Single(frontend.Spec.Template.Spec.Containers).Env;
        Assert.Equal("10.42.0.0/16,192.168.1.10", Assert.Single(frontendEnvironment, variable => variable.Name == "TrustedProxies").Value);
        Assert.Equal("quotes-prod", Assert.Single(objects.OfType<V1Namespace>()).Metadata.Name);
        // Asked for by name, the LoadBalancer stays beside the Ingress, open to anyone on its http port.
        Assert.Null(Assert.Single(Assert.Single(objects.OfType<V1NetworkPolicy>(), policy => policy.Metadata.Name == "quote-frontend").Spec.Ingress).FromProperty);
        Assert.Contains("namespace: quotes-prod", File.ReadAllText(Path.Combine(output.Path, "kustomization.yaml")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnExistingSecretIsReadByKeyAndNoPasswordIsWrittenIntoTheOutput()
    {
        const string Password = "existing0secret0password0never0written";
        using var output = new TemporaryFolder("quoteaspire-k8s-existing-secret-");
        await KubernetesPublish.RunAsync(
            output.Path,
            $"Parameters:quote-store-password={Password}",
            "Kubernetes:ExistingSecret=quoteaspire-secrets");

        var (files, objects) = PublishedManifests.Read(output.Path);
        var references = objects.Values.OfType<V1Deployment>().SelectMany(deployment => deployment.Spec.Template.Spec.Containers.Concat(deployment.Spec.Template.Spec.InitContainers))
            .Concat(objects.Values.OfType<V1StatefulSet>().SelectMany(set => set.Spec.Template.Spec.Containers))
            .Concat(objects.Values.OfType<V1CronJob>().SelectMany(job => job.Spec.JobTemplate.Spec.Template.Spec.Containers))
            .Concat(objects.Values.OfType<V1Job>().SelectMany(job => job.Spec.Template.Spec.Containers))
            .SelectMany(container => container.Env ?? [])
            .Select(variable => variable.ValueFrom?.SecretKeyRef)
            .OfType<V1SecretKeySelector>()
            .ToList();

        Assert.Empty(objects.Values.OfType<V1Secret>());
        Assert.All(files.Values, text => Assert.DoesNotContain(Password, text, StringComparison.Ordinal));
        // The administrator's password: the store's node, Sentinel and exporter (one pod, one environment), nothing else.
        // Each user's: the store's three containers, which define it, and its one client (the frontend and its wait for
        // the store, the backup job, the restore job); the replicas' and the Sentinels' users are the store's own.
        Assert.All(references, reference => Assert.Equal("quoteaspire-secrets", reference.Name));
        Assert.Equal(
            [("quote-store-backup-password", 4), ("quote-store-frontend-password", 5), ("quote-store-password", 3),
             ("quote-store-replication-password", 3), ("quote-store-restore-password", 4), ("quote-store-sentinel-password", 3)],
            references.GroupBy(reference => reference.Key).Select(key => (key.Key, key.Count())).Order());
    }

    [Fact]
    public async Task WithHighAvailabilityOffTheStoreIsOnePodRunningAppendOnlyRedisWithAPassword()
    {
        using var output = new TemporaryFolder("quoteaspire-k8s-single-");
        await KubernetesPublish.RunAsync(output.Path, "QuoteStore:HighAvailability=false");

        var objects = PublishedManifests.Read(output.Path).Objects.Values.ToList();
        var store = Assert.Single(objects.OfType<V1StatefulSet>());
        var container = Assert.Single(store.Spec.Template.Spec.Containers, container => container.Name == "quote-store");
        var claim = Assert.Single(store.Spec.VolumeClaimTemplates);
        var script = ScriptCommand.Of(container.Args);

        Assert.Equal(1, store.Spec.Replicas);
        Assert.Equal("1Gi", claim.Spec.Resources.Requests["storage"].ToString());
        Assert.Contains(container.VolumeMounts, mount => mount.Name == claim.Metadata.Name && mount.MountPath == "/data");
        // The password is fed to redis-server as configuration on standard input, never as an argument.
        Assert.Equal(Aspire.Hosting.RedisContainerExtensions.RedisServerArguments(Aspire.Hosting.AppendFsync.EverySecond, users: [AppHost.QuoteStore.QuoteFrontendUser.Rules, AppHost.QuoteStore.Backups.BackupJobUsers.Backup, AppHost.QuoteStore.Backups.BackupJobUsers.Restore]), container.Args);
        Assert.Equal(("store-start.sh", "server"), (script.Name, script.Arguments[0]));
        Assert.Contains("--appendonly yes", script.Text, StringComparison.Ordinal);
        Assert.Equal("384mb", script.Option("--maxmemory"));
        Assert.Contains("--save \"\" --maxmemory \"$maxmemory\" --maxmemory-policy noeviction", script.Text, StringComparison.Ordinal);
        Assert.Equal(6379, Assert.Single(Assert.Single(objects.OfType<V1Service>(), service => service.Metadata.Name == "quote-store").Spec.Ports).Port);
        var frontend = Assert.Single(Assert.Single(objects.OfType<V1Deployment>()).Spec.Template.Spec.Containers);
        Assert.Equal("quote-store:6379,user=quote-frontend,password=$(SECRET_QUOTE_STORE_FRONTEND_PASSWORD)", Assert.Single(frontend.Env, variable => variable.Name == "ConnectionStrings__quote-store").Value);
        Assert.DoesNotContain(frontend.Env, variable => variable.Name == "WriteAcknowledgement__Replicas");
        // The backup job copies the one server (its script's last argument is the only node), and the restore job writes to it.
        Assert.Equal("quote-store", Assert.Single(BackupJob(objects).Spec.JobTemplate.Spec.Template.Spec.Containers).Args[^1]);
        Assert.Equal("quote-store", Assert.Single(RestoreJob(objects).Spec.Template.Spec.Containers).Args[^1]);
    }

    [Fact]
    public async Task TheBackupScheduleRetentionAndAClaimTheOperatorMadeReachTheCronJob()
    {
        using var output = new TemporaryFolder("quoteaspire-k8s-backup-");
        await KubernetesPublish.RunAsync(
            output.Path, "QuoteStore:Backup:Schedule=30 2 * * *", "QuoteStore:Backup:Keep=14", "QuoteStore:Backup:VolumeClaim=nightly-backups");

        var objects = PublishedManifests.Read(output.Path).Objects.Values.ToList();
        var job = objects.OfType<V1CronJob>().Single(job => job.Metadata.Name == "quote-store-backup");
        var pod = job.Spec.JobTemplate.Spec.Template.Spec;
        var restore = RestoreJob(objects).Spec.Template.Spec;

        Assert.Equal("30 2 * * *", job.Spec.Schedule);
        // sh -c SCRIPT backup.sh SET FOLDER KEEP NODE...
        Assert.Equal(["backup.sh", "quote-store", "/backups", "14"], Assert.Single(pod.Containers).Args.Skip(2).Take(4));
        Assert.Equal("nightly-backups", Assert.Single(pod.Volumes, volume => volume.PersistentVolumeClaim is not null).PersistentVolumeClaim.ClaimName);
        Assert.Equal("nightly-backups", Assert.Single(restore.Volumes, volume => volume.PersistentVolumeClaim is not null).PersistentVolumeClaim.ClaimName);
        // The operator's claim is theirs: the manifests neither make nor delete it.
        Assert.Empty(objects.OfType<V1PersistentVolumeClaim>());
    }

    [Fact]
    public async Task TheBackupsClaimHoldsTheKeptCopiesAndTheNextAtTheStoresFullSizeUnlessSetOtherwise()
    {
        using var output = new TemporaryFolder("quoteaspire-k8s-backup-size-");
        using var sized = new TemporaryFolder("quoteaspire-k8s-backup-sized-");
        await KubernetesPublish.RunAsync(output.Path, "QuoteStore:Backup:Keep=3", "QuoteStore:MaxMemory=1gb");
        await KubernetesPublish.RunAsync(sized.Path, "QuoteStore:Backup:VolumeSize=20Gi");

        // Three kept and the one being written, each up to 1 GiB.
        Assert.Equal("4Gi", BackupClaim(output.Path).Spec.Resources.Requests["storage"].ToString());
        Assert.Equal("20Gi", BackupClaim(sized.Path).Spec.Resources.Requests["storage"].ToString());
    }

    [Fact]
    public async Task ABackupsClaimSizeThatIsNoQuantityStopsThePublishNamingTheSetting()
    {
        var log = await FailedPublishLogAsync("QuoteStore:Backup:VolumeSize=3GB");

        Assert.Contains("QuoteStore:Backup:VolumeSize is '3GB'", log, StringComparison.Ordinal);
        Assert.Contains("Mi, Gi or Ti", log, StringComparison.Ordinal);
    }

    // Publishes with the one setting, which must stop the publish, and returns the failure with the log.
    private static async Task<string> FailedPublishLogAsync(string setting)
    {
        using var output = new TemporaryFolder("quoteaspire-k8s-bad-setting-");
        var (failure, log) = await KubernetesPublish.TryAsync(output.Path, setting);
        Assert.NotNull(failure);
        return $"{failure}\n{log}";
    }

    private static V1PersistentVolumeClaim BackupClaim(string folder) =>
        Assert.Single(PublishedManifests.Read(folder).Objects.Values.OfType<V1PersistentVolumeClaim>(), claim => claim.Metadata.Name == "quote-store-backups");

    [Fact]
    public async Task ANextPasswordIsAcceptedByTheStoresUsersAndReadByTheStorePodsAlone()
    {
        using var output = new TemporaryFolder("quoteaspire-k8s-rotation-");
        await KubernetesPublish.RunAsync(
            output.Path,
            "Parameters:quote-store-frontend-password-next=the-next-frontend-password",
            "Parameters:quote-store-replication-password-next=the-next-replication-password");

        var objects = PublishedManifests.Read(output.Path).Objects.Values.ToList();
        var secrets = objects.OfType<V1Secret>().ToDictionary(secret => secret.Metadata.Name, secret => secret.StringData["value"]);
        Assert.Equal("the-next-frontend-password", secrets["quote-store-frontend-password-next"]);
        Assert.Equal("the-next-replication-password", secrets["quote-store-replication-password-next"]);

        var pod = Assert.Single(objects.OfType<V1StatefulSet>()).Spec.Template.Spec;
        var node = ScriptCommand.Of(pod.Containers[0].Args);
        var sentinel = ScriptCommand.Of(pod.Containers[1].Command);
        // Each user accepts both passwords, on the data node and (the frontend's) on the Sentinel; replicas still present the
        // current one. The start script writes a user's line with a password from each variable its --user option names.
        static string[] PasswordVariables(ScriptCommand script, string user) =>
            Assert.Single(script.Options("--user", 3), values => values[0] == user)[1].Split(' ');
        Assert.Contains("REDIS_PASSWORD_QUOTE_FRONTEND_NEXT", PasswordVariables(node, "quote-frontend"));
        Assert.Contains("REDIS_PASSWORD_QUOTE_FRONTEND", PasswordVariables(node, "quote-frontend"));
        Assert.Contains("REDIS_PASSWORD_REPLICATION_NEXT", PasswordVariables(node, "replication"));
        Assert.Contains("REDIS_PASSWORD_QUOTE_FRONTEND_NEXT", PasswordVariables(sentinel, "quote-frontend"));
        Assert.Equal(["replication", "REDIS_PASSWORD_REPLICATION"], Assert.Single(node.Options("--master-user", 2)));
        Assert.DoesNotContain("REDIS_PASSWORD_SENTINEL_NEXT", string.Join(' ', pod.Containers[0].Args.Concat(pod.Containers[1].Command)), StringComparison.Ordinal);
        Assert.Equal(
            "quote-store-frontend-password-next",
            Assert.Single(pod.Containers[0].Env, variable => variable.Name == "REDIS_PASSWORD_QUOTE_FRONTEND_NEXT").ValueFrom.SecretKeyRef.Name);

        // Only the store's pods read a next password: the clients keep the current one until the switch.
        var readers = objects.OfType<V1Deployment>().Select(deployment => deployment.Spec.Template.Spec)
            .Concat(objects.OfType<V1CronJob>().Select(job => job.Spec.JobTemplate.Spec.Template.Spec))
            .Concat(objects.OfType<V1Job>().Select(job => job.Spec.Template.Spec))
            .SelectMany(spec => spec.Containers.Concat(spec.InitContainers ?? []))
            .SelectMany(container => container.Env ?? [])
            .Where(variable => variable.ValueFrom?.SecretKeyRef?.Name?.EndsWith("-next", StringComparison.Ordinal) == true);
        Assert.Empty(readers);
    }

    private static V1CronJob BackupJob(IEnumerable<object> objects) => objects.OfType<V1CronJob>().Single(job => job.Metadata.Name == "quote-store-backup");

    private static V1Job RestoreJob(IEnumerable<object> objects) => objects.OfType<V1Job>().Single(job => job.Metadata.GenerateName == "quote-store-restore-");

    [Fact]
    public async Task AScheduleThatIsNotFiveCronFieldsStopsThePublishNamingTheSetting()
    {
        var log = await FailedPublishLogAsync("QuoteStore:Backup:Schedule=daily");

        Assert.Contains("QuoteStore:Backup:Schedule is 'daily'", log, StringComparison.Ordinal);
        Assert.Contains("five fields", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublishingAgainRemovesOnlyTheFilesTheEarlierPublishWrote()
    {
        using var output = new TemporaryFolder("quoteaspire-k8s-again-");
        await KubernetesPublish.RunAsync(output.Path);
        // An object the earlier publish listed but this one no longer makes, and a file of the user's own.
        File.WriteAllText(Path.Combine(output.Path, "configmap-retired.yaml"), "apiVersion: v1\nkind: ConfigMap\n");
        var kustomization = Path.Combine(output.Path, "kustomization.yaml");
        File.WriteAllText(kustomization, File.ReadAllText(kustomization).Replace("resources:\n", "resources:\n- configmap-retired.yaml\n", StringComparison.Ordinal));
        File.WriteAllText(Path.Combine(output.Path, "notes.yaml"), "mine: true\n");

        await KubernetesPublish.RunAsync(output.Path);

        Assert.False(File.Exists(Path.Combine(output.Path, "configmap-retired.yaml")), "The retired object's file is removed.");
        Assert.True(File.Exists(Path.Combine(output.Path, "notes.yaml")), "A file the publisher did not write is left alone.");
        Assert.DoesNotContain("configmap-retired.yaml", File.ReadAllText(kustomization), StringComparison.Ordinal);
    }
}
