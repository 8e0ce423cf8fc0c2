using Aspire.Hosting.ApplicationModel;
using QuoteAspire.AppHost.QuoteFrontend;
using QuoteAspire.AppHost.QuoteStore;
using QuoteAspire.AppHost.QuoteStore.Backups;
using QuoteAspire.AppHost.Settings;

var builder = DistributedApplication.CreateBuilder(args);

// Every setting (QuoteStore, QuoteFrontend, Kubernetes) is read and checked before anything is added: wrong values stop
// a run and a publish alike, all of them listed in one error, each with its key and what it accepts.
var settings = AppHostSettings.Read(builder, KubernetesDefaults);

// The store's password, unless Parameters:quote-store-password sets it: new for every local run (never
// saved, so a laptop's password cannot end up on a cluster), generated once per deployment when publishing.
var storePassword = builder.AddStorePassword("quote-store-password");

// The frontend's own password: it signs in as the store's user quote-frontend, which cannot empty, reconfigure or list the store.
var frontendStorePassword = builder.AddStorePassword("quote-store-frontend-password");

// Redis, as the article's quote-store: a container, redis-server or Garnet (QuoteStore:Host); with
// QuoteStore:HighAvailability (on when publishing), a primary, two replicas and three Sentinels that fail it over,
// as containers or as redis-server programs.
var store = builder.AddQuoteStore("quote-store", storePassword, settings.Store)
    .WithClearQuotesCommand()
    .WithBackupQuotesCommand(settings.Store)
    .WithRestoreQuotesCommand(settings.Store);
var frontendStoreLogin = store.AddClientUser("quote-store-as-frontend", QuoteFrontendUser.Rules, frontendStorePassword);

// On a cluster, a CronJob that backs the store up onto a volume of its own (QuoteStore:Backup:Schedule and :Keep), and
// a Job, started only by an operator's `kubectl create -f`, that restores the newest backup: each as a store user of its own.
builder.AddScheduledBackups("quote-store-backup", store, restoreJob: "quote-store-restore", settings.Store, BackupJobUsers.Contents, BackupAlerts.Stale);

// While Parameters:<a user's password parameter>-next is set, the store accepts that password too: how a user's
// password is rotated on a cluster without downtime (add the next, switch the clients, remove the old).
store.WithNextPasswordsFromConfiguration();

// The article's quote-frontend, replicated twice as its ReplicationController was, found by curl on localhost:8000.
builder.AddProject<Projects.QuoteAspire_ApiService>("quote-frontend")
    .WithArticleReplicas(settings.Frontend)
    .WithArticlePort(settings.Frontend)
    .WithoutDevelopmentCertificate()
    // Only the connection string: the store's password never travels alone in the frontend's environment.
    .WithReferenceEnvironment(ReferenceEnvironmentInjectionFlags.ConnectionString)
    .WithReference(frontendStoreLogin, connectionName: "quote-store")
    .WithStoreAddressMap(store, QuoteStoreBuilderExtensions.AddressMapVariable)
    .WithWritesConfirmedByReplicas(store, QuoteStoreBuilderExtensions.AcknowledgingReplicasVariable)
    .WithStoreCommandTimeout(settings.Store)
    .WaitFor(store)
    .WithServiceDefaultsProbes()
    .WithPostRateLimitSettings(settings.Frontend)
    .WithTrustedProxies(settings.Frontend)
    .WithAddArticleQuotesCommand()
    .WithKubernetesFrontendDefaults();

// `--operation publish --step publish-kubernetes --output-path DIR` writes the cluster manifests.
builder.AddKubernetesPublishing(KubernetesDefaults);

builder.Build().Run();

// The manifests are labelled as part of quoteaspire, in a namespace of that name unless Kubernetes:Namespace says otherwise.
static void KubernetesDefaults(KubernetesPublishingOptions kubernetes) => kubernetes.Application = "quoteaspire";
