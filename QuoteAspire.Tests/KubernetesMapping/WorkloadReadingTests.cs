using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using k8s.Models;
using QuoteAspire.Tests.Infrastructure;

namespace QuoteAspire.Tests.KubernetesMapping;

/// <summary>What a model's resources become, read and mapped in memory: kinds, secrets, claims, scaling.</summary>
[Trait(Tier.Name, Tier.Fast)]
public sealed class WorkloadReadingTests
{
    [Fact]
    public async Task ASecretInsideAValueIsReadIntoAVariableDefinedBeforeTheValueThatExpandsIt()
    {
        var objects = await InMemoryPublish.ObjectsAsync(builder =>
        {
            var password = builder.AddParameter("db-password", secret: true);
            var db = builder.AddContainer("db", "docker.io/library/redis", "8.6")
                .WithEndpoint(targetPort: 6379, name: "tcp", scheme: "tcp")
                .WithEnvironment("REDIS_PASSWORD", password);
            builder.AddContainer("web", "docker.io/library/nginx", "1.29")
                .WithHttpEndpoint(targetPort: 8080, name: "http")
                .WithEnvironment("DB_URL", ReferenceExpression.Create($"redis://:{password}@{db.GetEndpoint("tcp").Property(EndpointProperty.HostAndPort)}"));
        }, "Parameters:db-password=pw0");

        var web = objects.Named<V1Deployment>("web").Spec.Template;
        var env = Assert.Single(web.Spec.Containers).Env;
        // Kubernetes expands $(VAR) only from entries above it.
        Assert.Equal(["SECRET_DB_PASSWORD", "DB_URL"], env.Select(variable => variable.Name));
        Assert.Equal(("db-password", "value"), (env[0].ValueFrom.SecretKeyRef.Name, env[0].ValueFrom.SecretKeyRef.Key));
        Assert.Equal("redis://:$(SECRET_DB_PASSWORD)@db:6379", env[1].Value);
        Assert.Equal("pw0", objects.Named<V1Secret>("db-password").StringData["value"]);
        Assert.Contains("checksum/secret-db-password", web.Metadata.Annotations.Keys);
        // A whole secret is read by key, with no variable of its own.
        var db = Assert.Single(objects.Named<V1Deployment>("db").Spec.Template.Spec.Containers).Env;
        Assert.Equal("db-password", Assert.Single(db).ValueFrom.SecretKeyRef.Name);
    }

    [Fact]
    public async Task AContainerWithAVolumeIsOneStatefulPodWithAClaimOfItsStorageSize()
    {
        var objects = await InMemoryPublish.ObjectsAsync(builder => builder.AddContainer("archive", "docker.io/library/postgres", "17.6")
            .WithEndpoint(targetPort: 5432, name: "tcp", scheme: "tcp")
            .WithVolume("archive-data", "/var/lib/postgresql/data")
            .WithKubernetesSettings(new KubernetesResourceSettings { StorageSize = "5Gi", StorageClass = "fast-ssd" }));

        var archive = objects.Named<V1StatefulSet>("archive");
        Assert.Equal(1, archive.Spec.Replicas);
        Assert.Equal("archive", archive.Spec.ServiceName);
        var claim = Assert.Single(archive.Spec.VolumeClaimTemplates);
        Assert.Equal(("data", "fast-ssd", "ReadWriteOnce"), (claim.Metadata.Name, claim.Spec.StorageClassName, Assert.Single(claim.Spec.AccessModes)));
        Assert.Equal("5Gi", claim.Spec.Resources.Requests["storage"].ToString());
        Assert.Equal("/var/lib/postgresql/data", Assert.Single(archive.Spec.Template.Spec.Containers[0].VolumeMounts, mount => mount.Name == "data").MountPath);
        Assert.Equal("ClusterIP", objects.Named<V1Service>("archive").Spec.Type);
    }

    [Fact]
    public async Task AReplicatedDeploymentIsLeftToItsAutoscalerSpreadOverNodesAndDisruptedOnePodAtATime()
    {
        var objects = await InMemoryPublish.ObjectsAsync(builder => builder.AddContainer("web", "docker.io/library/nginx", "1.29")
            .WithHttpEndpoint(targetPort: 8080, name: "http")
            .WithKubernetesSettings(new KubernetesResourceSettings { Replicas = 2, MaxReplicas = 4, ServiceType = "NodePort" }));

        var web = objects.Named<V1Deployment>("web");
        // A replicas field would reset the autoscaler's count at every apply.
        Assert.Null(web.Spec.Replicas);
        var autoscaler = objects.Named<V2HorizontalPodAutoscaler>("web");
        Assert.Equal((2, 4, 70), (autoscaler.Spec.MinReplicas, autoscaler.Spec.MaxReplicas, Assert.Single(autoscaler.Spec.Metrics).Resource.Target.AverageUtilization));
        Assert.Equal("1", objects.Named<V1PodDisruptionBudget>("web").Spec.MaxUnavailable.Value);
        Assert.Equal(["kubernetes.io/hostname", "topology.kubernetes.io/zone"], web.Spec.Template.Spec.TopologySpreadConstraints.Select(spread => spread.TopologyKey));
        // Exposed on its NodePort: its policy admits anyone, on its own port only.
        var admitted = Assert.Single(objects.Named<V1NetworkPolicy>("web").Spec.Ingress);
        Assert.Null(admitted.FromProperty);
    }

    [Fact]
    public async Task TwoJobsThatShareAVolumePublishOneClaimAndAnOnDemandJobHasOnlyAGeneratedName()
    {
        var objects = await InMemoryPublish.ObjectsAsync(builder =>
        {
            builder.AddContainer("nightly", "docker.io/library/busybox", "1.37").WithVolume("archive", "/archive").WithKubernetesSchedule("0 3 * * *");
            builder.AddContainer("replay", "docker.io/library/busybox", "1.37").WithVolume("archive", "/archive").WithKubernetesOnDemandJob();
        });

        // One claim of that name, labelled with the job that mounts it first; the cluster keeps one object per kind and name.
        var claim = Assert.Single(objects.OfType<V1PersistentVolumeClaim>());
        Assert.Equal(("archive", "nightly"), (claim.Metadata.Name, claim.Metadata.Labels["app.kubernetes.io/name"]));
        Assert.Equal("0 3 * * *", objects.Named<V1CronJob>("nightly").Spec.Schedule);
        // Each `kubectl create -f` of it makes a Job of its own, replay-xxxxx, that mounts the same claim.
        var replay = Assert.Single(objects.OfType<V1Job>());
        Assert.Equal((null, "replay-"), (replay.Metadata.Name, replay.Metadata.GenerateName));
        Assert.Equal("archive", Assert.Single(replay.Spec.Template.Spec.Volumes, volume => volume.PersistentVolumeClaim is not null).PersistentVolumeClaim.ClaimName);
        Assert.DoesNotContain(objects.OfType<V1CronJob>(), job => job.Metadata.Name == "replay");
    }

    [Fact]
    public async Task TwoObjectsOfOneKindAndNameStopThePublishInsteadOfOneReplacingTheOther()
    {
        using var output = new Infrastructure.TemporaryFolder("quoteaspire-k8s-clash-");
        V1Service Service(string name) => new() { ApiVersion = "v1", Kind = "Service", Metadata = new V1ObjectMeta { Name = name } };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            QuoteAspire.Hosting.Kubernetes.KubernetesManifestWriter.WriteAsync(output.Path, "shop", [Service("db-peers"), Service("db-peers")], TestContext.Current.CancellationToken));

        Assert.Contains("Service 'db-peers'", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(output.Path));
    }
}
