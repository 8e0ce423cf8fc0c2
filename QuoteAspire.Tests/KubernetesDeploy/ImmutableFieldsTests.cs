using k8s.Models;
using QuoteAspire.Hosting.Kubernetes;
using QuoteAspire.Tests.Infrastructure;

namespace QuoteAspire.Tests.KubernetesDeploy;

/// <summary>Which differences between a live StatefulSet and the published one Kubernetes would refuse to apply.</summary>
[Trait(Tier.Name, Tier.Fast)]
public sealed class ImmutableFieldsTests
{
    private static V1StatefulSet Set(string serviceName = "store", string size = "1Gi", string? storageClass = null, string? policy = "Parallel", string image = "redis:8.6") => new()
    {
        Spec = new V1StatefulSetSpec
        {
            ServiceName = serviceName,
            PodManagementPolicy = policy,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app.kubernetes.io/name"] = "store" } },
            Template = new V1PodTemplateSpec { Spec = new V1PodSpec { Containers = [new V1Container { Name = "store", Image = image }] } },
            VolumeClaimTemplates =
            [
                new V1PersistentVolumeClaim
                {
                    Metadata = new V1ObjectMeta { Name = "data" },
                    Spec = new V1PersistentVolumeClaimSpec
                    {
                        AccessModes = ["ReadWriteOnce"],
                        StorageClassName = storageClass,
                        Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new ResourceQuantity(size) } },
                    },
                },
            ],
        },
    };

    [Fact]
    public void WhatAnUpgradeChangesTheImageAndThePodTemplateIsNoRefusal() =>
        Assert.Empty(ImmutableFields.Changed(Set(), Set(image: "redis:8.8")));

    [Fact]
    public void ThePoliciesTheApiServerFillsInAndAClassTheClusterChoseAreNoRefusal()
    {
        Assert.Empty(ImmutableFields.Changed(Set(policy: null), Set(policy: "OrderedReady")));
        Assert.Empty(ImmutableFields.Changed(Set(storageClass: "standard"), Set(storageClass: null)));
    }

    [Fact]
    public void EachImmutableFieldThatDiffersIsNamedWithItsLiveAndPublishedValue()
    {
        var changed = ImmutableFields.Changed(Set(), Set(serviceName: "store-peers", size: "5Gi", storageClass: null, policy: "OrderedReady")).ToList();

        Assert.Equal(
            [
                "spec.serviceName: live 'store', published 'store-peers'",
                "spec.podManagementPolicy: live 'Parallel', published 'OrderedReady'",
                "spec.volumeClaimTemplates[data].resources.requests.storage: live '1Gi', published '5Gi'",
            ],
            changed);
    }
}
